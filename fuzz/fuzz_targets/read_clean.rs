//! Any bytes, read as a text file or a JSON Lines file, then cleaned and split into passages:
//! never a panic, every article within the part size, every passage inside its paragraph.
#![no_main]

use std::path::PathBuf;

use lede::ingest::{self, parts::PART_BYTES, Format, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let file = SourceFile {
        path: PathBuf::from("/fuzz/input"),
        format: if selector & 1 == 0 {
            Format::Text
        } else {
            Format::JsonLines
        },
        bytes: bytes.len() as u64,
        manifest: None,
    };
    let mut notices = Vec::new();
    let mut reader = bytes;
    ingest::read_from(&file, &mut reader, &mut notices, &mut |article| {
        assert!(article.text.len() <= PART_BYTES);
        let cleaned = ingest::clean(&article.text, article.title.is_none());
        for passage in lede::passage::split(&cleaned.paragraphs) {
            let paragraph = &cleaned.paragraphs[passage.paragraph].text;
            assert!(paragraph.get(passage.range.clone()).is_some());
            assert!(!passage.text.trim().is_empty());
        }
        Ok(())
    })
    .expect("reading from memory never fails");
    for notice in &notices {
        assert!(!notice.message.is_empty());
    }
});
