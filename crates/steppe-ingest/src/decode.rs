//! Bytes to text: gzip, binary sniffing, and character encodings.
//!
//! Order of trust: a byte-order mark; valid UTF-8; the charset the document
//! declares (HTML meta, XML prolog); then a statistical guess (chardetng), which
//! is how undeclared Windows-1252 and Latin-1 pages are read.

use std::io::Read;

use crate::ErrorKind;

/// What decoding a file's bytes can fail on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub kind: ErrorKind,
    pub message: String,
}

impl DecodeError {
    fn new(kind: ErrorKind, message: impl Into<String>) -> DecodeError {
        DecodeError {
            kind,
            message: message.into(),
        }
    }
}

pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Decompresses gzip data, refusing output larger than `limit` bytes (a guard
/// against decompression bombs) and reporting truncated streams.
pub fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    decoder.take(limit + 1).read_to_end(&mut out).map_err(|e| {
        let what = if e.kind() == std::io::ErrorKind::UnexpectedEof {
            "truncated gzip stream (unexpected end of data)".to_string()
        } else {
            format!("corrupt gzip stream: {e}")
        };
        DecodeError::new(ErrorKind::Gzip, what)
    })?;
    if out.len() as u64 > limit {
        return Err(DecodeError::new(
            ErrorKind::TooLarge,
            format!("decompresses to more than the limit of {} MiB", limit >> 20),
        ));
    }
    Ok(out)
}

/// Names the kind of a binary file from its magic number, or says that it holds
/// NUL or control bytes where text has none.
pub fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"GIF8", "a GIF image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"PK\x03\x04", "a ZIP archive (or office document)"),
        (b"\x7fELF", "an executable (ELF)"),
        (b"BZh", "a bzip2 archive"),
        (b"\xfd7zXZ", "an xz archive"),
        (b"7z\xbc\xaf", "a 7-Zip archive"),
        (b"\x28\xb5\x2f\xfd", "a zstd archive"),
        (b"SQLite format 3", "an SQLite database"),
        (b"RIFF", "a RIFF media file"),
        (b"OggS", "an Ogg media file"),
        (b"ID3", "an MP3 file"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(what);
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return None; // UTF-16 with a BOM holds NUL bytes legitimately
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return Some("binary data (NUL bytes)");
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if control * 20 > sample.len().max(1) {
        return Some("binary data (control bytes)");
    }
    None
}

/// The charset a document declares in its first bytes (HTML `<meta charset>`,
/// `http-equiv` content type, or the XML prolog).
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    for key in ["charset=", "encoding="] {
        let mut rest = head.as_str();
        while let Some(pos) = rest.find(key) {
            let after = rest
                .get(pos + key.len()..)
                .unwrap_or_default()
                .trim_start_matches(['"', '\'', ' ']);
            let label: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
                return Some(enc);
            }
            rest = rest.get(pos + key.len()..).unwrap_or_default();
        }
    }
    None
}

/// Decodes bytes to a string; returns the encoding's name too.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), DecodeError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors && enc != encoding_rs::UTF_8 {
            return Err(DecodeError::new(
                ErrorKind::Encoding,
                format!("invalid {} data after its byte-order mark", enc.name()),
            ));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    if let Some(what) = sniff_binary(bytes) {
        return Err(DecodeError::new(
            ErrorKind::Binary,
            format!("not text: looks like {what}"),
        ));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let enc = match declared_charset(bytes) {
        // A page that declares UTF-8 but is not valid UTF-8 was mislabelled: guess.
        Some(enc) if enc != encoding_rs::UTF_8 => enc,
        _ => {
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            det.guess(None, false)
        }
    };
    let (text, _, _) = enc.decode(bytes);
    Ok((text.into_owned(), enc.name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("Pékin".as_bytes()).unwrap(),
            ("Pékin".to_string(), "UTF-8")
        );
        let mut b = vec![0xef, 0xbb, 0xbf];
        b.extend_from_slice("Pékin".as_bytes());
        assert_eq!(decode(&b).unwrap().0, "Pékin");
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xff, 0xfe];
        for u in "Tachkent, mardi".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode(&le).unwrap(),
            ("Tachkent, mardi".to_string(), "UTF-16LE")
        );
        let mut be = vec![0xfe, 0xff];
        for u in "Astana".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().0, "Astana");
    }

    #[test]
    fn windows_1252_declared_or_guessed() {
        let text = "Le président kazakh a reçu la délégation à Astana. « C'est un événement », a-t-il déclaré. Coût : 25 millions €.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let (guessed, name) = decode(&bytes).unwrap();
        assert_eq!(guessed, text);
        assert_eq!(name, "windows-1252");
        let mut declared = b"<html><head><meta charset=\"iso-8859-1\"></head><body>".to_vec();
        declared.extend_from_slice(&encoding_rs::WINDOWS_1252.encode("Délégation reçue").0);
        assert!(decode(&declared).unwrap().0.contains("Délégation reçue"));
    }

    #[test]
    fn binaries_are_named() {
        assert!(decode(b"%PDF-1.7 ...").unwrap_err().message.contains("PDF"));
        assert_eq!(decode(b"abc\0def").unwrap_err().kind, ErrorKind::Binary);
    }

    #[test]
    fn truncated_gzip_is_reported() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(
            "Un texte assez long pour être compressé. "
                .repeat(50)
                .as_bytes(),
        )
        .unwrap();
        let full = enc.finish().unwrap();
        assert!(gunzip(&full, 1 << 20).is_ok());
        let err = gunzip(&full[..full.len() / 2], 1 << 20).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Gzip);
        assert!(err.message.contains("truncated"));
        assert_eq!(gunzip(&full, 100).unwrap_err().kind, ErrorKind::TooLarge);
    }
}
