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
    /// Two kinds of list fit the file equally well: importing it as either could be wrong.
    #[error("文件 {file} 既像{}也像{}；请用 --kind {} 或 --kind {} 指明（应用中在导入预览里选择）", first.chinese_name(), second.chinese_name(), first.as_str(), second.as_str())]
    KindUnclear {
        file: String,
        first: crate::ListKind,
        second: crate::ListKind,
    },
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
    /// The database failed SQLite's quick check, or SQLite found damage mid-query.
    #[error("数据库文件 {file} 已损坏；请用最近的备份恢复（enrolgap restore 备份文件，或在“设置”中选择“从备份恢复”）")]
    DatabaseDamaged { file: String },
    /// Another connection holds the database's write lock longer than we wait (an import
    /// or analysis running in another window, or the app mid-job).
    #[error("数据库 {file} 正被另一个 enrolgap 程序使用（另一个窗口中正在导入或分析，或应用正在处理）；请等它完成后再试")]
    DatabaseBusy { file: String },
    /// Encrypt or restore needs the database to itself, and another connection is open.
    #[error("数据库 {file} 正在被其他程序打开（enrolgap 应用，或另一个窗口中的命令）；请先关闭它们再{action}，数据库未改动")]
    DatabaseInUse { file: String, action: String },
    /// The disk holding the database (or its temporary files) is full.
    #[error("磁盘已满，无法写入数据库 {file}；刚才的操作未保存，请清理磁盘空间后重试")]
    DiskFull { file: String },
    /// The operating system failed to read or write the database file (a failing disk, a
    /// USB stick or network drive that went away).
    #[error("读写数据库文件 {file} 时出错（磁盘故障，或 U 盘、网络盘已断开）；请检查磁盘后重试，必要时从备份恢复")]
    DatabaseIo { file: String },
    /// The database file or its folder cannot be written (read-only medium or permissions).
    #[error("数据库 {file} 或其所在文件夹是只读的，无法写入；只能查看报告和名单，如需导入或分析请把它复制到可写的位置")]
    DatabaseReadOnly { file: String },
    /// The database was written by a newer enrolgap (its schema is ahead of this build).
    #[error("数据库 {file} 由更新版本的 enrolgap 创建（结构版本 {found}，本程序支持到 {supported}）；请升级 enrolgap 后再打开，数据库未改动")]
    NewerDatabase {
        file: String,
        found: i64,
        supported: i64,
    },
    /// The file is an SQLite database of another program, or not a database at all.
    #[error("文件 {file} 不是 enrolgap 的数据库（可能属于其他程序）；未作任何改动，请用 --db 指定 enrolgap 的数据库")]
    NotOurDatabase { file: String },
    /// The database does not exist yet, and the command only reads.
    #[error("还没有数据库 {file}；请先导入名单（enrolgap import 文件）并分析（enrolgap analyze）")]
    NoDatabase { file: String },
    /// The audit log fails its check: an entry was changed, removed or added behind the
    /// tool's back, or a table it describes disagrees with it. `entry` is the first entry
    /// that fails (0 when the failure is not one entry's, e.g. the key is missing).
    #[error("审计日志未通过检查：{reason}")]
    AuditTampered {
        #[ts(type = "number")]
        entry: i64,
        reason: String,
    },
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

impl Error {
    /// Names the database file in a database error that was raised without knowing it (a
    /// `?` on a rusqlite call): the CLI and the app call this with the path they opened.
    pub fn at_db(mut self, path: &std::path::Path) -> Self {
        if let ErrorKind::DatabaseDamaged { file }
        | ErrorKind::DatabaseBusy { file }
        | ErrorKind::DatabaseInUse { file, .. }
        | ErrorKind::DiskFull { file }
        | ErrorKind::DatabaseIo { file }
        | ErrorKind::DatabaseReadOnly { file }
        | ErrorKind::NewerDatabase { file, .. }
        | ErrorKind::NotOurDatabase { file }
        | ErrorKind::NoDatabase { file } = &mut self.kind
        {
            if file.is_empty() {
                *file = path.display().to_string();
            }
        }
        self
    }
}

/// The officer-facing kind of an SQLite failure, when it is one an officer can act on.
fn sqlite_kind(code: rusqlite::ErrorCode) -> Option<ErrorKind> {
    use rusqlite::ErrorCode as C;
    let file = String::new();
    Some(match code {
        C::DatabaseCorrupt | C::NotADatabase => ErrorKind::DatabaseDamaged { file },
        C::DatabaseBusy | C::DatabaseLocked => ErrorKind::DatabaseBusy { file },
        C::DiskFull => ErrorKind::DiskFull { file },
        C::SystemIoFailure => ErrorKind::DatabaseIo { file },
        C::ReadOnly | C::CannotOpen | C::PermissionDenied => ErrorKind::DatabaseReadOnly { file },
        _ => return None,
    })
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        // The failures an officer can do something about are told in their words (the
        // file is filled in by `at_db`); SQLite's English never reaches them.
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            if let Some(kind) = sqlite_kind(f.code) {
                return kind.into();
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
        if let rusqlite_migration::Error::RusqliteError { err, .. } = e {
            return err.into();
        }
        ErrorKind::Database {
            message: e.to_string(),
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: i32) -> Error {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            Some("database is locked".into()),
        )
        .into()
    }

    #[test]
    fn sqlite_failures_are_told_in_chinese_with_the_file() {
        let db = std::path::Path::new("/data/海丰县.sqlite3");
        for (code, words) in [
            (rusqlite::ffi::SQLITE_BUSY, "正被另一个"),
            (rusqlite::ffi::SQLITE_FULL, "磁盘已满"),
            (rusqlite::ffi::SQLITE_READONLY, "只读"),
            (rusqlite::ffi::SQLITE_CORRUPT, "已损坏"),
            (rusqlite::ffi::SQLITE_IOERR, "读写数据库文件"),
        ] {
            let text = sqlite(code).at_db(db).to_string();
            assert!(
                text.contains(words) && text.contains("海丰县.sqlite3"),
                "{text}"
            );
            assert!(!text.is_ascii() && !text.contains("locked"), "{text}");
        }
    }
}
