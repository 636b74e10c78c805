//! The `lede` binary: parses the command line, runs it, maps the outcome to an exit code.
//! 0: done (for `search` and `show`: something found); 1: nothing found; 2: any error.
//! A closed pipe (`lede search … | head`) is success.

mod args;
mod commands;
mod printer;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: indexing allocates and frees per token and per
/// document on several threads, which mimalloc does for less CPU, and with
/// [`lean_allocator`]'s options in less and steadier peak memory than glibc's per-thread
/// arenas.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's options, numbered as its C enum `mi_option_e` (mimalloc 3) numbers them.
#[cfg(feature = "mimalloc")]
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
#[cfg(feature = "mimalloc")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system at once, and arenas are committed as they are used (by
/// default mimalloc holds freed memory for a while, and peak memory grows with it). The arena option only acts on arenas reserved after it is set, so on Linux this runs
/// as a constructor, before the first allocation reserves the first arena.
#[cfg(feature = "mimalloc")]
extern "C" fn lean_allocator() {
    // SAFETY: mi_option_set stores an option's value; it takes no pointers.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
}

#[cfg(all(feature = "mimalloc", target_os = "linux"))]
#[used]
#[link_section = ".init_array"]
static LEAN_ALLOCATOR: extern "C" fn() = lean_allocator;

fn main() -> ExitCode {
    #[cfg(all(feature = "mimalloc", not(target_os = "linux")))]
    lean_allocator();
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    match commands::run(cli) {
        Ok(found) => ExitCode::from(if found { 0 } else { 1 }),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("lede: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Help and version go to stdout with exit 0; any other usage error is one line and exit 2.
fn usage_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = err.print();
        return ExitCode::from(2);
    }
    let rendered = err.render().to_string();
    let first = rendered.lines().next().unwrap_or("invalid arguments");
    eprintln!(
        "lede: {} (see `lede --help`)",
        first.trim_start_matches("error: ")
    );
    ExitCode::from(2)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
