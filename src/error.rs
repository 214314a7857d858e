//! The engine's one error type.
//!
//! `Error` wraps an [`ErrorKind`]; the kind serialises as JSON tagged by `kind` so the app
//! can pass it through IPC unchanged and the UI can phrase it in either language. Messages
//! name files, sheets, rows and columns, never a person's ID number or phone.

use serde::Serialize;
use ts_rs::TS;

/// The result type of every fallible engine function.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from the engine. Match on [`Error::kind`] to tell errors apart; it
/// serialises as its kind, so TypeScript sees it as `ErrorKind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(transparent)]
#[error("{kind}")]
pub struct Error {
    kind: ErrorKind,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error { kind }
    }
}

/// What went wrong, with enough context for the user to act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file could not be opened or read at all (missing, no permission, I/O error).
    #[error("无法读取文件 {file}：{reason}")]
    FileUnreadable { file: String, reason: String },
    /// The file is not a spreadsheet or CSV the tool can read.
    #[error(
        "文件 {file} 不是可识别的电子表格（{reason}）；请在 Excel 或 WPS 中另存为 .xlsx 后重试"
    )]
    NotASpreadsheet { file: String, reason: String },
    /// The file crosses a safety limit (size, decompressed size, compression ratio, rows,
    /// columns, characters in a cell, declarations no real workbook makes): a hostile or
    /// damaged file, or a list to split. `reason` says which limit, in Chinese.
    #[error("文件 {file} 超出导入的安全上限：{reason}；未导入任何内容，请向发送方核实文件，或删去多余内容、拆分成几个文件后再导入")]
    TooLarge { file: String, reason: String },
    /// The workbook is encrypted with a password.
    #[error("文件 {file} 设置了打开密码，无法读取；请在 Excel 或 WPS 中取消密码后另存再导入")]
    PasswordProtected { file: String },
    /// The file holds no rows of data in any sheet.
    #[error("文件 {file} 没有数据行")]
    EmptyFile { file: String },
    /// No header row with a required column was found in any sheet.
    #[error("文件 {file} 找不到“{column}”列；请确认表头包含该列（如 {examples}）")]
    MissingColumn {
        file: String,
        column: String,
        examples: String,
    },
    /// The list kind could not be guessed from the headers or the file name.
    #[error("无法判断文件 {file} 是哪类名单；请用 --kind 指定（household 户籍、enrolment 参保、birth 出生、school 学籍、welfare 民政、roster 派遣、death 死亡、exclusion 排除）")]
    UnknownKind { file: String },
    /// The same file content was imported before; importing it again would duplicate it.
    #[error("文件 {file} 的内容已于 {imported_at} 导入（批次 {batch}）；如需替换请加 --replace")]
    AlreadyImported {
        file: String,
        batch: i64,
        imported_at: String,
    },
    /// An enrolment register names no contribution year anywhere (no year or period column,
    /// nothing in its sheet names, title or file name): its rows cannot count for a year.
    #[error("文件 {file} 是参保记录，但没有缴费年度或参保起止日期列，工作表名、标题和文件名中也没有年度；请用 --year 指明它是哪一年的参保情况（如 --year 2026）")]
    YearNeeded { file: String },
    /// An argument given by the user is not valid (a date, a kind, a format).
    #[error("参数无效：{message}")]
    InvalidArgument { message: String },
    /// Nothing to do yet: the step needs an earlier step first (e.g. gaps before analysis).
    #[error("{message}")]
    NotReady { message: String },
    /// The database could not be opened, migrated, read or written.
    #[error("数据库错误：{message}")]
    Database { message: String },
    /// The database is encrypted and the passphrase is wrong or missing (or one was given
    /// for a database that is not encrypted).
    #[error("{}", if *given { "数据库口令不正确（或该数据库没有加密）；请检查口令" } else { "数据库已加密，请提供口令（环境变量 ENROLGAP_PASSPHRASE，或在应用中输入）" })]
    WrongPassphrase { given: bool },
    /// The database failed SQLite's quick check at start-up.
    #[error("数据库文件已损坏；请用最近的备份恢复（enrolgap restore 备份文件，或在“设置”中选择“从备份恢复”）")]
    DatabaseDamaged,
    /// A file offered for restore is not a sound enrolgap backup.
    #[error("无法从 {file} 恢复：{reason}；数据库未改动")]
    NotABackup { file: String, reason: String },
    /// An output file could not be written.
    #[error("无法写入 {file}：{reason}")]
    WriteFailed { file: String, reason: String },
    /// The user cancelled a long job; nothing was changed.
    #[error("已取消，数据库未改动")]
    Cancelled,
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        // Damage found in the middle of any query still points the user at the way out.
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            if f.code == rusqlite::ErrorCode::DatabaseCorrupt {
                return ErrorKind::DatabaseDamaged.into();
            }
        }
        // rusqlite's messages hold SQL and constraint names, never bound values,
        // so they carry no personal data.
        ErrorKind::Database {
            message: e.to_string(),
        }
        .into()
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        ErrorKind::Database {
            message: e.to_string(),
        }
        .into()
    }
}
