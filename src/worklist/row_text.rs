//! What each printed cell of a field-sheet row says for one gap: masked or full ID and
//! phones, the guardian, and a short reason that fits its cell whole (the detailed reason
//! stays in the app and the optional detail sheet).

use super::contacts::Contact;
use crate::analysis::Gap;
use crate::identity::mask_id;
use crate::phone::mask_phone;
use crate::GapCode;

/// One person's row as printed. The texts the gap holds as printed are borrowed from it,
/// not copied: a county's export prints hundreds of thousands of cells, and a `String`
/// each was a good part of its allocations.
#[derive(Debug, Clone)]
pub struct PrintedRow<'g> {
    /// The gap the row prints: name, sex, place, deadline and the detail sheet's texts.
    pub gap: &'g Gap,
    /// Masked unless the export is unmasked; the birth date when there is no ID.
    pub id: String,
    pub address: String,
    pub phone: String,
    pub guardian: String,
    pub reason: String,
    pub case_code: String,
    pub token: String,
}

impl<'g> PrintedRow<'g> {
    pub fn name(&self) -> &'g str {
        &self.gap.name
    }

    pub fn sex(&self) -> &'g str {
        self.gap.sex.as_deref().unwrap_or_default()
    }

    /// The village, class or client company.
    pub fn place(&self) -> &'g str {
        &self.gap.route_detail
    }

    pub fn gap_label(&self) -> &'static str {
        self.gap.code.chinese_label()
    }

    pub fn deadline(&self) -> &'g str {
        self.gap.deadline.as_deref().unwrap_or("尽快")
    }

    pub fn priority(&self) -> &'static str {
        self.gap.priority.chinese_label()
    }

    pub fn detail_reason(&self) -> &'g str {
        &self.gap.reason
    }

    /// The rows the person was found on, one a line: only the detail sheet prints them.
    pub fn sources(&self) -> String {
        self.gap
            .sources
            .iter()
            .map(|s| {
                format!(
                    "{}：{} {} 第{}行",
                    s.kind.chinese_name(),
                    s.file,
                    s.sheet,
                    s.row
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// What the rules behind a gap need said on paper.
pub struct Context {
    pub coverage_year: i32,
    pub as_of: String,
    pub newborn_grace_days: u32,
    pub worker_grace_days: u32,
    pub masked: bool,
}

/// A few words an officer can read at the door: the rule's point, not its evidence.
pub fn short_reason(gap: &Gap, cx: &Context) -> String {
    let year = cx.coverage_year;
    let overdue = gap
        .deadline
        .as_deref()
        .is_some_and(|d| d < cx.as_of.as_str());
    match gap.code {
        GapCode::WelfareNotEnrolled => "困难人员未参保，由政府代缴".into(),
        GapCode::WelfareNotSubsidized => "已参保，但未按资助参保登记".into(),
        GapCode::NewbornNotEnrolled if overdue => {
            format!("出生已超{}天仍未参保", cx.newborn_grace_days)
        }
        GapCode::NewbornNotEnrolled => format!("出生{}天内参保可追溯", cx.newborn_grace_days),
        GapCode::WorkerNotEnrolled => format!("入职超{}天，单位未办职工医保", cx.worker_grace_days),
        GapCode::WorkerWrongScheme => "只有居民医保，应参职工医保".into(),
        GapCode::StudentNotEnrolled => format!("{year}年度无有效参保"),
        GapCode::Lapsed => format!("上年参保，{year}年度未续保"),
        GapCode::ResidentNotEnrolled => format!("{year}年度无有效参保"),
    }
}

/// The printed row of `gap`, with its case code and token.
pub fn printed<'g>(
    gap: &'g Gap,
    contact: &Contact,
    cx: &Context,
    case_code: &str,
    token: &str,
) -> PrintedRow<'g> {
    let show_phone = |p: &str| {
        if cx.masked {
            mask_phone(p)
        } else {
            p.to_string()
        }
    };
    let id = match gap.id_number.as_deref() {
        Some(id) if cx.masked => mask_id(id),
        Some(id) => id.to_string(),
        None => gap
            .birth_date
            .as_deref()
            .map_or_else(|| "（无）".to_string(), |b| format!("无，出生{b}")),
    };
    let guardian = match (&contact.guardian, &contact.guardian_phone) {
        (Some(g), Some(p)) => format!("{g} {}", show_phone(p)),
        (Some(g), None) => g.clone(),
        (None, _) => String::new(),
    };
    PrintedRow {
        gap,
        id,
        address: contact.address.clone().unwrap_or_default(),
        phone: gap.phone.as_deref().map(show_phone).unwrap_or_default(),
        guardian,
        reason: short_reason(gap, cx),
        case_code: case_code.to_string(),
        token: token.to_string(),
    }
}
