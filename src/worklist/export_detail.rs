//! The audit entry's words for a worklist export, in Chinese and English: how many files,
//! masked or not (with the reason, masked: the officer types it and it may name someone),
//! and which choices narrowed the export.

use super::WorklistOptions;
use crate::bilingual::Bilingual;

pub(super) fn export_detail(options: &WorklistOptions, files: usize) -> Bilingual {
    let mut choices: Vec<Bilingual> = Vec::new();
    if let Some(unit) = &options.unit {
        let unit = unit.trim();
        choices.push(Bilingual::new(format!("仅 {unit}"), format!("only {unit}")));
    }
    if options.only_not_followed_up {
        choices.push(Bilingual::new("仅未跟进", "only those not followed up"));
    }
    if options.only_urgent {
        choices.push(Bilingual::new(
            "仅紧急和高优先级",
            "only urgent and high priority",
        ));
    }
    if !options.person_keys.is_empty() {
        let count = options.person_keys.len();
        choices.push(Bilingual::new(
            format!("仅筛选出的 {count} 人"),
            format!("only the {count} people filtered"),
        ));
    }
    let (zh, en) = if choices.is_empty() {
        (String::new(), String::new())
    } else {
        let zh: Vec<&str> = choices.iter().map(|c| c.zh.as_str()).collect();
        let en: Vec<&str> = choices.iter().map(|c| c.en.as_str()).collect();
        (
            format!("，{}", zh.join("，")),
            format!(", {}", en.join(", ")),
        )
    };
    let noun = if files == 1 { "file" } else { "files" };
    match &options.unmasked_reason {
        None => Bilingual::new(
            format!("导出跟进名单 {files} 个文件（已脱敏{zh}）"),
            format!("Exported worklists, {files} {noun} (masked{en})"),
        ),
        Some(reason) => {
            let reason = crate::identity::mask_numbers(reason.trim());
            Bilingual::new(
                format!("导出跟进名单 {files} 个文件（完整身份证号和电话{zh}），原因：{reason}"),
                format!("Exported worklists, {files} {noun} (full ID and phone numbers{en}), reason: {reason}"),
            )
        }
    }
}
