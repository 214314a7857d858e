//! All-or-nothing export: the workbooks are written into a temporary folder inside the
//! destination, the database records their tokens, and only then are they moved into
//! place. A killed export leaves at most a folder named as unfinished (removed by the next
//! export), never a complete-looking workbook whose tokens the database does not know.
//!
//! A destination that already holds an earlier export is refused before anything is
//! written: two exports mixed in one folder would send a village two lists.

use std::path::{Path, PathBuf};

use crate::{ErrorKind, Result};

/// Names of the temporary folders, which say what they are to whoever finds one.
const STAGING_PREFIX: &str = "未完成的导出-可删除-";
/// File name prefixes of worklists, by unit; also how an earlier export is recognised.
pub const TOWNSHIP_PREFIX: &str = "乡镇-";
pub const VILLAGE_PREFIX: &str = "村-";
pub const SCHOOL_PREFIX: &str = "学校-";
pub const AGENCY_PREFIX: &str = "单位-";
const WORKLIST_PREFIXES: [&str; 4] = [
    TOWNSHIP_PREFIX,
    VILLAGE_PREFIX,
    SCHOOL_PREFIX,
    AGENCY_PREFIX,
];
pub const SUMMARY_FILE: &str = "汇总.xlsx";

/// A temporary folder being filled with one export's files.
pub struct Staging {
    dir: PathBuf,
    tmp: PathBuf,
}

fn failed(path: &Path, reason: impl Into<String>) -> crate::Error {
    ErrorKind::WriteFailed {
        file: path.display().to_string(),
        reason: reason.into(),
    }
    .into()
}

/// The files in `dir` that an earlier export wrote (or that `names` would overwrite).
pub fn earlier_export(dir: &Path, names: &[String]) -> Result<Vec<String>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(vec![]);
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let lower = name.to_lowercase();
        let ours = lower.ends_with(".xlsx")
            && (name == SUMMARY_FILE || WORKLIST_PREFIXES.iter().any(|p| name.starts_with(p)));
        if ours || names.iter().any(|n| n.to_lowercase() == lower) {
            found.push(name);
        }
    }
    found.sort();
    Ok(found)
}

impl Staging {
    /// Creates `dir` if needed and a temporary folder in it, after removing those left by
    /// killed exports. Refuses a folder holding an earlier export or a file named as one
    /// of `names`.
    pub fn begin(dir: &Path, names: &[String]) -> Result<Staging> {
        std::fs::create_dir_all(dir).map_err(|e| failed(dir, e.to_string()))?;
        let earlier = earlier_export(dir, names)?;
        if !earlier.is_empty() {
            let shown: Vec<&str> = earlier.iter().take(3).map(String::as_str).collect();
            return Err(failed(
                dir,
                format!(
                    "文件夹里已有之前导出的跟进名单（{} 等 {} 个文件）；为免新旧名单混在一起，请选择一个空文件夹或新建一个文件夹",
                    shown.join("、"),
                    earlier.len()
                ),
            ));
        }
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                if entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with(STAGING_PREFIX)
                {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let tmp = dir.join(format!(
            "{STAGING_PREFIX}{}-{}",
            std::process::id(),
            super::new_token()
        ));
        std::fs::create_dir(&tmp).map_err(|e| failed(&tmp, e.to_string()))?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            tmp,
        })
    }

    /// Writes one file into the temporary folder.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        crate::safe_write::write_bytes(&self.tmp.join(name), bytes)
    }

    /// Moves every file into the destination; on a failure, takes back those already moved.
    pub fn finish(self, names: &[String]) -> Result<()> {
        let mut moved: Vec<PathBuf> = Vec::new();
        for name in names {
            let target = self.dir.join(name);
            if target.exists() {
                for m in &moved {
                    let _ = std::fs::remove_file(m);
                }
                return Err(failed(
                    &target,
                    "导出过程中出现了同名文件；本次导出未完成，请换一个空文件夹重新导出",
                ));
            }
            if let Err(e) = std::fs::rename(self.tmp.join(name), &target) {
                for m in &moved {
                    let _ = std::fs::remove_file(m);
                }
                return Err(failed(&target, e.to_string()));
            }
            moved.push(target);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}
