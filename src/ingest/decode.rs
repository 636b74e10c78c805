//! Bytes to text: which encoding a file is in, whether it is text at all, and decoding it in
//! blocks so that a file of any size is read with bounded memory.
//!
//! The rules, in order: a byte order mark decides (UTF-8, UTF-16LE, UTF-16BE); NUL bytes or
//! many control bytes in the first block mean binary; valid UTF-8 is UTF-8; anything else is
//! decoded in the legacy encoding `chardetng` guesses (Windows-1252 for Latin-1 text), with a
//! warning saying so.

use encoding_rs::{Decoder, Encoding, UTF_8};

/// How many bytes of a file decide its encoding.
pub const SNIFF_BYTES: usize = 1 << 20;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// Text in this encoding. `guessed` is true when there was no byte order mark and the text
    /// is not UTF-8: the encoding was inferred from the bytes.
    Text {
        /// The encoding to decode with.
        encoding: &'static Encoding,
        /// Whether it was guessed rather than marked.
        guessed: bool,
    },
    /// Not text: NUL bytes or control bytes.
    Binary,
}

/// Decides what `head`, the first bytes of a file (all of it when `complete`), is.
pub fn sniff(head: &[u8], complete: bool) -> Sniffed {
    if let Some((encoding, _)) = Encoding::for_bom(head) {
        return Sniffed::Text {
            encoding,
            guessed: false,
        };
    }
    if looks_binary(head) {
        return Sniffed::Binary;
    }
    let valid_utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A multi-byte character cut by the end of the block is not an error.
        Err(e) => !complete && e.error_len().is_none(),
    };
    if valid_utf8 {
        return Sniffed::Text {
            encoding: UTF_8,
            guessed: false,
        };
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(head, complete);
    Sniffed::Text {
        encoding: detector.guess(None, chardetng::Utf8Detection::Deny),
        guessed: true,
    }
}

/// NUL bytes, or more than one byte in ten a C0 control other than tab, line feed, form feed
/// and carriage return: what `file(1)` and git call binary.
fn looks_binary(head: &[u8]) -> bool {
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    controls * 10 > head.len()
}

/// Decodes a byte stream block by block, counting what it had to repair.
pub struct BlockDecoder {
    decoder: Decoder,
    /// Blocks in which malformed byte sequences were replaced with U+FFFD.
    pub replaced_blocks: usize,
    /// NUL characters removed (they are never text).
    pub nuls_removed: usize,
}

impl BlockDecoder {
    /// A decoder for `encoding`; a byte order mark at the start is dropped.
    pub fn new(encoding: &'static Encoding) -> BlockDecoder {
        BlockDecoder {
            decoder: encoding.new_decoder_with_bom_removal(),
            replaced_blocks: 0,
            nuls_removed: 0,
        }
    }

    /// Decodes `bytes` onto the end of `out`; `last` when no bytes follow.
    pub fn decode(&mut self, bytes: &[u8], out: &mut String, last: bool) {
        let start = out.len();
        let needed = self
            .decoder
            .max_utf8_buffer_length(bytes.len())
            .unwrap_or(bytes.len() * 3 + 16);
        out.reserve(needed);
        let (_, read, replaced) = self.decoder.decode_to_string(bytes, out, last);
        debug_assert_eq!(read, bytes.len(), "the buffer was reserved for all of it");
        if replaced {
            self.replaced_blocks += 1;
        }
        if out[start..].contains('\0') {
            let before = out.len();
            let kept: String = out[start..].chars().filter(|&c| c != '\0').collect();
            out.truncate(start);
            out.push_str(&kept);
            self.nuls_removed += before - out.len();
        }
    }
}

/// Decodes a whole byte string in `encoding`; also says whether anything was replaced.
pub fn decode_all(bytes: &[u8], encoding: &'static Encoding) -> (String, bool) {
    let mut decoder = BlockDecoder::new(encoding);
    let mut out = String::new();
    decoder.decode(bytes, &mut out, true);
    (out, decoder.replaced_blocks > 0 || decoder.nuls_removed > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> (&'static str, bool) {
        match sniff(bytes, true) {
            Sniffed::Text { encoding, guessed } => (encoding.name(), guessed),
            Sniffed::Binary => ("binary", false),
        }
    }

    #[test]
    fn utf8_and_marked_text_are_not_guessed() {
        assert_eq!(text("Café in Moscow".as_bytes()), ("UTF-8", false));
        assert_eq!(text(b"\xef\xbb\xbfHello"), ("UTF-8", false));
        assert_eq!(text(b"\xff\xfeH\0i\0"), ("UTF-16LE", false));
        assert_eq!(text(b"\xfe\xff\0H\0i"), ("UTF-16BE", false));
    }

    #[test]
    fn latin1_text_is_decoded_as_windows_1252() {
        let bytes = b"Le ministre fran\xe7ais a d\xe9clar\xe9 mardi que la r\xe9union \xe9tait \xab path\xe9tique \xbb.";
        assert_eq!(text(bytes), ("windows-1252", true));
        let (decoded, replaced) = decode_all(bytes, encoding_rs::WINDOWS_1252);
        assert!(decoded.contains("français a déclaré"));
        assert!(decoded.contains("« pathétique »"));
        assert!(!replaced);
    }

    #[test]
    fn binary_is_nul_bytes_or_control_bytes() {
        assert_eq!(text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), ("binary", false));
        assert_eq!(text(&[1, 2, 3, 4, 5, b'a', b'b']), ("binary", false));
        assert_eq!(text(b"tab\tand\nform\x0cfeed"), ("UTF-8", false));
    }

    #[test]
    fn a_character_cut_by_the_block_end_is_still_utf8() {
        let bytes = "Zelensky’s".as_bytes();
        let cut = &bytes[..bytes.len() - 2]; // inside the three bytes of ’
        assert!(matches!(
            sniff(&cut[..cut.len() - 1], false),
            Sniffed::Text { encoding, .. } if encoding == UTF_8
        ));
    }

    #[test]
    fn blocks_decode_across_boundaries_and_count_repairs() {
        let bytes = "Lavrov’s “pathetic” remark".as_bytes();
        let mut decoder = BlockDecoder::new(UTF_8);
        let mut out = String::new();
        for piece in bytes.chunks(3) {
            decoder.decode(piece, &mut out, false);
        }
        decoder.decode(&[], &mut out, true);
        assert_eq!(out, "Lavrov’s “pathetic” remark");
        assert_eq!(decoder.replaced_blocks, 0);
        let mut out = String::new();
        decoder = BlockDecoder::new(UTF_8);
        decoder.decode(b"bad \xff byte and a \0 NUL", &mut out, true);
        assert_eq!(out, "bad \u{fffd} byte and a  NUL");
        assert_eq!((decoder.replaced_blocks, decoder.nuls_removed), (1, 1));
    }
}
