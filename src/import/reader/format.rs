//! What a file is, told from its content: the one place that knows the file signatures.
//!
//! A workbook is a zip (xlsx, xlsm, xlsb, ods, WPS .et saved as xlsx) or an OLE2 compound
//! file (xls, and a password-protected xlsx wrapped in one). Anything else is read as text
//! when it looks like text. The name only matters when it promises a workbook: then a
//! content that is not one is refused rather than read as text. [`super::super::limits`]
//! uses the same signatures to pick which container checks apply.

/// The local-file-header signature every zip starts with.
const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";
/// The header signature of an OLE2 compound file (MS-CFB 2.2).
const OLE2_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// The stream name (UTF-16LE) a password-protected xlsx keeps inside its OLE2 wrapper.
const ENCRYPTED_PACKAGE: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
/// Bytes looked at to tell text from binary.
const TEXT_SNIFF_BYTES: usize = 4096;

/// True for a zip container.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_SIGNATURE)
}

/// True for an OLE2 compound file.
pub fn is_ole2(bytes: &[u8]) -> bool {
    bytes.starts_with(OLE2_SIGNATURE)
}

/// How the reader is to treat a (non-empty) file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// An xlsx encrypted with a password: nothing in it can be read.
    PasswordProtected,
    /// A zip or OLE2 workbook, for calamine.
    Workbook,
    /// Named like a workbook (.xlsx, .xls …) but its content is not one.
    NotAWorkbook,
    /// Delimited text (CSV, TSV …) in some encoding.
    Text,
    /// Binary that is no workbook.
    Unrecognised,
}

/// Tells what `bytes`, received under the name `file`, are.
pub fn detect(file: &str, bytes: &[u8]) -> Detected {
    if is_encrypted_office_file(bytes) {
        Detected::PasswordProtected
    } else if is_zip(bytes) || is_ole2(bytes) {
        Detected::Workbook
    } else if has_workbook_extension(file) {
        Detected::NotAWorkbook
    } else if looks_like_text(bytes) {
        Detected::Text
    } else {
        Detected::Unrecognised
    }
}

/// A password-protected xlsx is an OLE2 container holding an "EncryptedPackage" stream.
fn is_encrypted_office_file(bytes: &[u8]) -> bool {
    is_ole2(bytes)
        && bytes
            .windows(ENCRYPTED_PACKAGE.len())
            .any(|w| w == ENCRYPTED_PACKAGE)
}

/// A name that promises a workbook: its content must then be one.
fn has_workbook_extension(file: &str) -> bool {
    let ext = std::path::Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" | "et"
    )
}

/// Text files have no NUL bytes, except UTF-16 ones, which start with a BOM.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(TEXT_SNIFF_BYTES)];
    encoding_rs::Encoding::for_bom(head).is_some() || !head.contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_workbooks_from_text_by_content() {
        assert_eq!(detect("list.csv", b"PK\x03\x04rest"), Detected::Workbook);
        assert_eq!(
            detect("list.txt", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"),
            Detected::Workbook
        );
        assert_eq!(
            detect("list.csv", "姓名,身份证号\n".as_bytes()),
            Detected::Text
        );
        assert_eq!(detect("notes.XLSX", b"just notes"), Detected::NotAWorkbook);
        assert_eq!(detect("blob.bin", &[1, 0, 2]), Detected::Unrecognised);
        let mut encrypted = OLE2_SIGNATURE.to_vec();
        encrypted.extend_from_slice(&[0; 64]);
        encrypted.extend_from_slice(ENCRYPTED_PACKAGE);
        assert_eq!(
            detect("secret.xlsx", &encrypted),
            Detected::PasswordProtected
        );
    }
}
