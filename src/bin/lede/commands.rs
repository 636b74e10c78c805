//! Each subcommand: turn arguments into a library call, hand the result to the printer.
//! Returns whether something was found (exit 0) or not (exit 1).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Result};
use lede::query::{Filters, SearchMode};
use lede::semantic::EmbedderKind;
use lede::{Engine, IndexReport, SearchRequest};

use crate::args::{
    BenchCommand, BenchIndexArgs, BenchIndexRunArgs, BenchQueryArgs, BenchServeArgs, Cli, Command,
    EvalArgs, IndexArgs, ModelArgs, QuotesArgs, SearchArgs, ServeArgs, ShowArgs, StatsArgs,
};
use crate::printer;

/// The corpus `index` reads and `search` builds from when given nothing else.
const DEFAULT_CORPUS: &str = "seeds";

pub fn run(cli: Cli) -> Result<bool> {
    let model = cli.model.as_deref();
    match cli.command {
        Command::Index(args) => index(&cli.index, model, args),
        Command::Search(args) => search(&cli.index, model, args),
        Command::Show(args) => show(&cli.index, args),
        Command::Stats(args) => stats(&cli.index, args),
        Command::Quotes(args) => quotes(&cli.index, args),
        Command::Eval(args) => eval(model, args),
        Command::Bench(BenchCommand::Query(args)) => bench_query(args),
        Command::Bench(BenchCommand::Index(args)) => bench_index(args),
        Command::Bench(BenchCommand::IndexRun(args)) => bench_index_run(args),
        Command::Bench(BenchCommand::Serve(args)) => bench_serve(args),
        Command::Model(args) => model_command(model, args),
        Command::Serve(args) => serve(&cli.index, model, args),
    }
}

#[cfg(feature = "serve")]
fn serve(dir: &Path, model: Option<&Path>, args: ServeArgs) -> Result<bool> {
    let mut engine = Engine::open(dir)?;
    if let Err(e) = attach_embedder(&mut engine, None, model) {
        eprintln!("lede: searching by words only: {e}");
    }
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "lede: listening on {}, beyond this machine: anyone who reaches it can search the index",
            args.addr
        );
    }
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let ready = |bound| {
        eprintln!(
            "lede: serving {} on http://{bound}/ (Ctrl-C stops)",
            dir.display()
        );
    };
    lede::serve::run(std::sync::Arc::new(engine), args.addr, ready, ctrl_c)?;
    Ok(true)
}

#[cfg(not(feature = "serve"))]
fn serve(_: &Path, _: Option<&Path>, _: ServeArgs) -> Result<bool> {
    bail!("this lede was built without the server (the `serve` feature)")
}

#[cfg(feature = "serve")]
fn bench_serve(args: BenchServeArgs) -> Result<bool> {
    let corpus = bench_corpus(args.corpus)?;
    let queries = bench_queries(args.queries)?;
    let (_work, engine, report, _) = bench_engine(&corpus)?;
    eprintln!(
        "lede: indexed {} articles ({} passages) from {}; {} clients, {} threads in-process, {} rounds of {} s a side",
        report.articles,
        report.passages,
        corpus.display(),
        args.clients,
        args.threads,
        args.rounds,
        args.seconds
    );
    let spec = lede::bench::LoadSpec {
        clients: args.clients as usize,
        threads: args.threads as usize,
        seconds: args.seconds,
        rounds: args.rounds as usize,
    };
    let load = lede::bench::measure_load(engine, &queries, &spec)?;
    let mut out = printer::stdout();
    if args.json {
        printer::json_lines(&mut out, std::slice::from_ref(&load))?;
    } else {
        printer::load_report(&mut out, &load)?;
    }
    Ok(true)
}

#[cfg(not(feature = "serve"))]
fn bench_serve(_: BenchServeArgs) -> Result<bool> {
    bail!("this lede was built without the server (the `serve` feature)")
}

/// Loads onto `engine` the embedder its vectors need, or `want` for an index without any; an
/// index without vectors, not asked for any, needs none.
fn attach_embedder(
    engine: &mut Engine,
    want: Option<EmbedderKind>,
    model: Option<&Path>,
) -> lede::Result<()> {
    let recorded = engine.vectors()?;
    let kind = want.or_else(|| recorded.as_deref().and_then(EmbedderKind::of_id));
    if let Some(kind) = kind {
        let embedder = lede::semantic::load(kind, model).map_err(|e| match &recorded {
            Some(made_by) => lede::Error::Vectors(format!(
                "the index's vectors were made by {made_by}, which cannot be loaded: {e}"
            )),
            None => e,
        })?;
        engine.set_embedder(embedder)?;
    }
    Ok(())
}

#[cfg(feature = "semantic")]
fn model_command(model: Option<&Path>, args: ModelArgs) -> Result<bool> {
    use crate::args::ModelCommand;
    use lede::semantic::{Embedder, ModelFiles, StaticEmbedder, Transformer};
    let dir = model.map_or_else(ModelFiles::default_dir, Path::to_path_buf);
    match args.command.unwrap_or(ModelCommand::Status) {
        ModelCommand::Status => {
            let files = ModelFiles::find(Some(&dir));
            let table = files.as_ref().ok().map(|f| {
                (
                    StaticEmbedder::path(f),
                    StaticEmbedder::load(f, &StaticEmbedder::path(f)),
                )
            });
            printer::model_status(
                &dir,
                files.as_ref().err(),
                table.as_ref().map(|(p, t)| (p.as_path(), t.as_ref().err())),
            );
            Ok(files.is_ok())
        }
        ModelCommand::Distill { dimensions } => {
            let files = ModelFiles::find(Some(&dir))?;
            let started = Instant::now();
            let transformer = Transformer::load(&files)?;
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(1000),
                indicatif::ProgressDrawTarget::stderr(),
            );
            let table = StaticEmbedder::distil(&transformer, dimensions, &mut |done| {
                bar.set_position((done * 1000.0) as u64)
            })?;
            bar.finish_and_clear();
            let path = StaticEmbedder::path(&files);
            table.save(&path)?;
            println!(
                "distilled {} ({} dimensions) into {} in {:.0} s",
                table.id(),
                table.dimensions(),
                path.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(true)
        }
    }
}

#[cfg(not(feature = "semantic"))]
fn model_command(_: Option<&Path>, _: ModelArgs) -> Result<bool> {
    bail!("this lede was built without semantic search (the `semantic` feature)")
}

/// Where the shared corpora are when lede runs from its own folder.
const SHARED_DATA: &str = "../shared/data";

/// The corpus a benchmark reads: the one given, or Reuters-21578 from the shared data.
fn bench_corpus(given: Option<PathBuf>) -> Result<PathBuf> {
    let corpus = given.unwrap_or_else(|| Path::new(SHARED_DATA).join("reuters21578"));
    if !corpus.exists() {
        bail!(
            "{}: no such corpus; pass one with --corpus PATH",
            corpus.display()
        );
    }
    Ok(corpus)
}

/// The queries a benchmark asks: those of `files`, or by default the TIME, CISI and Cranfield
/// queries of the shared data and the project's news questions.
fn bench_queries(files: Vec<PathBuf>) -> Result<Vec<String>> {
    let query_files = if files.is_empty() {
        let mut files: Vec<PathBuf> = ["time", "cisi", "cranfield"]
            .iter()
            .map(|c| Path::new(SHARED_DATA).join(c).join("queries.jsonl"))
            .filter(|p| p.is_file())
            .collect();
        files.push(PathBuf::from("benches/queries/news_questions.jsonl"));
        files
    } else {
        files
    };
    let mut queries = Vec::new();
    for file in &query_files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| anyhow::anyhow!("{}: cannot be read ({e})", file.display()))?;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let query = match serde_json::from_str::<serde_json::Value>(line) {
                Ok(v) => v["text"].as_str().map(str::to_string).ok_or_else(|| {
                    anyhow::anyhow!("{}:{}: no \"text\" key", file.display(), i + 1)
                })?,
                Err(_) => line.trim().to_string(),
            };
            queries.push(query);
        }
    }
    Ok(queries)
}

/// `corpus` indexed into a temporary index (removed when the folder is dropped), with the
/// report and the seconds it took.
fn bench_engine(corpus: &Path) -> Result<(tempfile::TempDir, Engine, IndexReport, f64)> {
    let work = tempfile::tempdir()?;
    let engine = Engine::open_or_create(&work.path().join("index"))?;
    let started = Instant::now();
    let report = index_with_progress(
        &engine,
        std::slice::from_ref(&corpus.to_path_buf()),
        &lede::IndexOptions::default(),
    )?;
    Ok((work, engine, report, started.elapsed().as_secs_f64()))
}

fn bench_query(args: BenchQueryArgs) -> Result<bool> {
    let corpus = bench_corpus(args.corpus)?;
    let queries = bench_queries(args.queries)?;
    let (_work, engine, report, seconds) = bench_engine(&corpus)?;
    eprintln!(
        "lede: indexed {} articles ({} passages) from {} in {:.1} s; timing {} queries × {} runs",
        report.articles,
        report.passages,
        corpus.display(),
        seconds,
        queries.len(),
        args.runs
    );
    let latency = lede::bench::measure_latency(&engine, &queries, args.runs)?;
    let mut out = printer::stdout();
    if args.json {
        printer::json_lines(&mut out, std::slice::from_ref(&latency))?;
    } else {
        printer::latency(&mut out, &latency)?;
    }
    Ok(true)
}

fn bench_index(args: BenchIndexArgs) -> Result<bool> {
    let corpus = bench_corpus(args.corpus)?;
    let to_usize = |v: &[u64]| v.iter().map(|&n| n as usize).collect::<Vec<_>>();
    let plan = lede::bench::Sweep {
        corpus,
        repeats: to_usize(&args.repeat),
        threads: to_usize(&args.threads),
        memory_mib: to_usize(&args.memory),
        runs: args.runs as usize,
    };
    plan.validate()?;
    if let Some(plot) = &args.plot {
        // Fail before minutes of measuring, not after.
        std::fs::File::create(plot)
            .map_err(|e| anyhow::anyhow!("{}: cannot be written ({e})", plot.display()))?;
    }
    let work = match &args.work {
        Some(dir) => tempfile::tempdir_in(dir)?,
        None => tempfile::tempdir()?,
    };
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} benchmarking [{bar:30}] {pos}/{len} runs {msg} ({elapsed})",
        )
        .expect("valid progress template")
        .progress_chars("=> "),
    );
    let exe = std::env::current_exe()?;
    let mut child_runner = |spec: &lede::bench::RunSpec| -> lede::Result<lede::bench::RunResult> {
        run_in_child(&exe, spec)
    };
    let mut in_process = |spec: &lede::bench::RunSpec| lede::bench::index::run(spec);
    let runner: &mut dyn FnMut(&lede::bench::RunSpec) -> lede::Result<lede::bench::RunResult> =
        if args.in_process {
            &mut in_process
        } else {
            &mut child_runner
        };
    let report = lede::bench::index::sweep(&plan, work.path(), runner, &mut |p| {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
        let c = p.configuration;
        bar.set_message(format!(
            "(×{} {} threads {} MiB, {:?})",
            c.repeat, c.threads, c.memory_mib, p.side
        ));
    });
    bar.finish_and_clear();
    let report = report?;
    if let Some(plot) = &args.plot {
        lede::bench::plot::index_sweep(&report, plot)?;
    }
    let mut out = printer::stdout();
    if args.json {
        printer::json_lines(&mut out, std::slice::from_ref(&report))?;
    } else {
        printer::index_bench(&mut out, &report, args.plot.as_deref())?;
    }
    Ok(true)
}

/// Runs one measurement in a child process (`lede bench index-run SPEC`), so that its peak
/// memory is its own.
fn run_in_child(exe: &Path, spec: &lede::bench::RunSpec) -> lede::Result<lede::bench::RunResult> {
    let spec_json = serde_json::to_string(spec).expect("a run spec serialises");
    let failed =
        |message: String| lede::Error::InvalidArgument(format!("benchmark run failed: {message}"));
    let output = std::process::Command::new(exe)
        .args(["bench", "index-run", &spec_json])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| failed(format!("{} cannot be started ({e})", exe.display())))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(failed(
            stderr.trim().trim_start_matches("lede: ").to_string(),
        ));
    }
    serde_json::from_slice(&output.stdout)
        .map_err(|e| failed(format!("unreadable result from the child process ({e})")))
}

fn bench_index_run(args: BenchIndexRunArgs) -> Result<bool> {
    let spec: lede::bench::RunSpec =
        serde_json::from_str(&args.spec).map_err(|e| anyhow::anyhow!("invalid run spec: {e}"))?;
    let result = lede::bench::index::run(&spec)?;
    printer::json_lines(&mut printer::stdout(), std::slice::from_ref(&result))?;
    Ok(true)
}

/// The options and the work folder of an evaluation: `--keep`'s, or a temporary one.
fn eval_setup(
    model: Option<&Path>,
    args: &EvalArgs,
) -> Result<(lede::eval::EvalOptions, tempfile::TempDir, PathBuf)> {
    for path in &args.archive {
        if !path.exists() {
            anyhow::bail!("--archive {}: no such file or folder", path.display());
        }
    }
    let mut modes = args.mode.clone();
    modes.dedup();
    let embedder = if modes.iter().any(|m| m.uses_vectors()) {
        Some(lede::semantic::load(args.vectors, model)?)
    } else {
        None
    };
    let options = lede::eval::EvalOptions {
        ablate: args.ablate,
        modes,
        embedder,
        ..lede::eval::EvalOptions::default()
    };
    let temporary = tempfile::tempdir()?;
    let work = match &args.keep {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| anyhow::anyhow!("--keep {}: {e}", dir.display()))?;
            dir.clone()
        }
        None => temporary.path().to_path_buf(),
    };
    Ok((options, temporary, work))
}

fn eval(model: Option<&Path>, args: EvalArgs) -> Result<bool> {
    let (options, _temporary, work) = eval_setup(model, &args)?;
    if lede::eval::QaCollection::is_one(&args.collection) {
        return eval_qa(args, &options, &work);
    }
    let collection = lede::eval::Collection::open(&args.collection)?;
    let evaluation =
        lede::eval::evaluate(&collection, &args.archive, &options, &work, &mut |step| {
            eprintln!("lede: {}: {step}", collection.name())
        })?;
    if let Some(path) = &args.run {
        write_to(path, |out| {
            lede::eval::write_run(out, &evaluation.runs, &collection.queries, "lede")
        })?;
    }
    let mut out = printer::stdout();
    if args.json {
        printer::json_lines(&mut out, std::slice::from_ref(&evaluation))?;
    } else {
        printer::evaluation(&mut out, &evaluation)?;
    }
    Ok(true)
}

fn eval_qa(args: EvalArgs, options: &lede::eval::EvalOptions, work: &Path) -> Result<bool> {
    let collection = lede::eval::QaCollection::open(&args.collection)?;
    let name = collection.dir.display().to_string();
    let evaluation =
        lede::eval::evaluate_qa(&collection, &args.archive, options, work, &mut |step| {
            eprintln!("lede: {name}: {step}")
        })?;
    if let Some(path) = &args.run {
        write_to(path, |out| printer::json_lines(out, &evaluation.run))?;
    }
    let mut out = printer::stdout();
    if args.json {
        printer::json_lines(&mut out, std::slice::from_ref(&evaluation))?;
    } else {
        printer::qa_evaluation(&mut out, &evaluation)?;
    }
    Ok(true)
}

/// Writes a file through `write`; an error names the file.
fn write_to(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    let failed = |e: std::io::Error| anyhow::anyhow!("{}: cannot be written ({e})", path.display());
    let file = std::fs::File::create(path).map_err(failed)?;
    let mut out = std::io::BufWriter::new(file);
    write(&mut out).map_err(failed)?;
    std::io::Write::flush(&mut out).map_err(failed)
}

fn index(dir: &Path, model: Option<&Path>, args: IndexArgs) -> Result<bool> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_CORPUS)]
    } else {
        args.paths
    };
    let options = lede::IndexOptions {
        commit_every_bytes: args.commit_every << 20,
        prune: args.prune,
        reread: args.reread,
        ..lede::IndexOptions::default()
    };
    let mut engine = Engine::open_or_create(dir)?;
    attach_embedder(&mut engine, args.vectors, model)?;
    let started = Instant::now();
    let report = index_with_progress(&engine, &paths, &options)?;
    let mut out = printer::stdout();
    if args.json {
        printer::json_lines(&mut out, std::slice::from_ref(&report))?;
    } else {
        printer::notices(&report)?;
        printer::index_report(&mut out, &report, started.elapsed())?;
    }
    let warnings = report.warnings();
    if args.strict && warnings > 0 {
        bail!(
            "--strict: {warnings} warning{} (see above); the good articles are indexed",
            if warnings == 1 { "" } else { "s" }
        );
    }
    Ok(true)
}

fn index_with_progress(
    engine: &Engine,
    paths: &[PathBuf],
    options: &lede::IndexOptions,
) -> Result<IndexReport> {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} indexing [{bar:30}] {bytes}/{total_bytes} {msg} ({eta})",
        )
        .expect("valid progress template")
        .progress_chars("=> "),
    );
    let embedding = if engine.embedder().is_some() {
        ", embedding"
    } else {
        ""
    };
    let report = engine.index_paths_with(paths, options, &mut |p| {
        bar.set_length(p.bytes_total);
        bar.set_position(p.bytes_done);
        bar.set_message(format!("{} articles{embedding}", p.articles));
    });
    bar.finish_and_clear();
    Ok(report?)
}

/// Opens the index, building it from the default corpus first when the folder has none.
fn open_or_build(dir: &Path) -> Result<Engine> {
    if Engine::exists(dir) {
        return Ok(Engine::open(dir)?);
    }
    if !Path::new(DEFAULT_CORPUS).is_dir() {
        bail!(
            "no index in {}, and no {DEFAULT_CORPUS}/ folder here to build one from: run `lede index PATH` first",
            folder(dir)
        );
    }
    eprintln!(
        "lede: no index in {}; building it from {DEFAULT_CORPUS}/ first",
        folder(dir)
    );
    let engine = Engine::open_or_create(dir)?;
    let report = index_with_progress(
        &engine,
        &[PathBuf::from(DEFAULT_CORPUS)],
        &lede::IndexOptions::default(),
    )?;
    printer::notices(&report)?;
    eprintln!(
        "lede: indexed {} articles ({} passages)",
        report.articles, report.passages
    );
    Ok(engine)
}

fn search(dir: &Path, model: Option<&Path>, args: SearchArgs) -> Result<bool> {
    let mut engine = open_or_build(dir)?;
    if args.mode != Some(SearchMode::Lexical) {
        if let Err(e) = attach_embedder(&mut engine, None, model) {
            if args.mode.is_some() {
                return Err(e.into());
            }
            eprintln!("lede: searching by words only: {e}");
        }
    }
    let mut request = SearchRequest::new(args.query.join(" "))
        .limit(args.limit as usize)
        .group(!args.no_group)
        .explain(args.explain);
    request.mode = args.mode;
    request.filters = Filters {
        outlet: args.outlet,
        speaker: args.speaker,
        since: args.since,
        until: args.until,
    };
    let hits = engine.search(&request)?;
    let mut out = printer::stdout();
    if args.explain && !args.json {
        printer::reading(&mut out, &engine.read_query(&request)?)?;
    }
    if args.json {
        printer::json_lines(&mut out, &hits)?;
    } else if hits.is_empty() {
        eprintln!("lede: no passage matches {:?}", shorten(&request.query, 80));
    } else {
        printer::hits(&mut out, &hits)?;
    }
    Ok(!hits.is_empty())
}

fn show(dir: &Path, args: ShowArgs) -> Result<bool> {
    let engine = Engine::open(dir)?;
    let articles = engine.article(&args.doc_id)?;
    if articles.is_empty() {
        eprintln!("lede: no article with doc id {:?}", args.doc_id);
        return Ok(false);
    }
    let mut out = printer::stdout();
    if args.json {
        printer::json_lines(&mut out, &articles)?;
    } else {
        printer::articles(&mut out, &articles)?;
    }
    Ok(true)
}

fn quotes(dir: &Path, args: QuotesArgs) -> Result<bool> {
    let engine = Engine::open(dir)?;
    let groups = engine.quotes(&args.speaker)?;
    let mut out = printer::stdout();
    if args.json {
        printer::json_lines(&mut out, &groups)?;
    } else if groups.is_empty() {
        eprintln!("lede: no quotes by {:?}", args.speaker);
    } else {
        printer::quotes(&mut out, &groups)?;
    }
    Ok(!groups.is_empty())
}

fn stats(dir: &Path, args: StatsArgs) -> Result<bool> {
    let engine = Engine::open(dir)?;
    let stats = engine.stats()?;
    let mut out = printer::stdout();
    if args.json {
        printer::json_lines(&mut out, std::slice::from_ref(&stats))?;
    } else {
        printer::stats(&mut out, &stats)?;
    }
    Ok(true)
}

/// The first `chars` characters of `text`, with `…` when there were more.
fn shorten(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// A folder as people write it: `index/`.
fn folder(dir: &Path) -> String {
    let shown = dir.display().to_string();
    if shown.ends_with('/') {
        shown
    } else {
        format!("{shown}/")
    }
}
