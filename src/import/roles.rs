//! Column roles: what a column holds, and the header texts that name each role.
//!
//! Headers vary wildly between departments; each [`Role`] lists the synonyms seen in the
//! field. A header cell is compared after removing spaces, line breaks, asterisks, colons
//! and a trailing note in brackets, so "身份证号码（必填）" and "* 身份证号" both match.

use crate::vocabulary::stored_vocabulary;

stored_vocabulary! {
    /// What a column holds; the stored name is used in saved mappings, on the command line
    /// (`--map`) and over IPC.
    #[derive(PartialOrd, Ord)]
    pub enum Role {
        Serial = "serial",
        Name = "name",
        IdNumber = "id_number",
        BirthDate = "birth_date",
        Sex = "sex",
        Township = "township",
        Village = "village",
        Address = "address",
        Phone = "phone",
        /// 人员状态: alive, deceased, moved away.
        PersonStatus = "person_status",
        /// 参保状态: 参保缴费 / 暂停 / 终止.
        EnrolStatus = "enrol_status",
        /// A bare "状态": enrolment status on the register, person status elsewhere.
        Status = "status",
        Scheme = "scheme",
        Year = "year",
        PeriodStart = "period_start",
        PeriodEnd = "period_end",
        Employer = "employer",
        Subsidy = "subsidy",
        PersonNumber = "person_number",
        BirthCertNumber = "birth_cert_number",
        MotherName = "mother_name",
        MotherId = "mother_id",
        FatherName = "father_name",
        FatherId = "father_id",
        School = "school",
        Grade = "grade",
        Class = "class",
        StudentNumber = "student_number",
        Agency = "agency",
        ClientCompany = "client_company",
        StartDate = "start_date",
        /// 离职日期: a roster row with this on or before the as-of date is no longer a worker.
        LeaveDate = "leave_date",
        WelfareCategory = "welfare_category",
        HouseholdHead = "household_head",
        /// 与户主关系: a household extract's family relation column.
        RelationToHead = "relation_to_head",
        DeathDate = "death_date",
        ExclusionReason = "exclusion_reason",
    }
}

/// Each role with the header texts naming it.
#[rustfmt::skip]
const ROLES: &[(Role, &[&str])] = &[
    (Role::Serial, &["序号", "编号", "No", "NO", "No."]),
    (Role::Name, &["姓名", "名字", "员工姓名", "学生姓名", "救助对象姓名", "救助对象", "保障对象", "保障对象姓名", "新生儿姓名", "参保人姓名", "人员姓名", "参保人", "死者姓名", "婴儿姓名"]),
    (Role::IdNumber, &[
        "身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "证件号码", "证件号", "身份证件号",
        "身份证件号码", "社会保障号码", "社会保障号", "身份证", "居民身份证号码", "新生儿身份证号",
        "救助对象身份证号码", "救助对象身份证号", "学生身份证号", "员工身份证号", "死者身份证号",
    ]),
    (Role::BirthDate, &["出生日期", "出生年月", "出生年月日", "生日", "出生时间", "出生日期(年月日)"]),
    (Role::Sex, &["性别", "新生儿性别"]),
    (Role::Township, &["乡镇", "乡镇(街道)", "乡镇（街道）", "镇(街道)", "镇（街道）", "镇街", "所属镇", "所属乡镇", "街道", "所属镇街", "所属乡镇(街道)", "所属乡镇（街道）", "所在镇", "所在乡镇", "所在镇街", "户籍乡镇", "户籍所在镇", "乡镇街道", "镇", "乡镇名称"]),
    (Role::Village, &["村(社区)", "村（社区）", "村居", "社区", "所属村", "村委会", "居委会", "所属村(社区)", "所属村（社区）", "村", "村(居)", "村（居）", "所在村(居)", "所在村", "所在村(社区)", "户籍村", "村居委会", "村(居)委会", "村名"]),
    (Role::Address, &["住址", "地址", "户籍地址", "家庭住址", "居住地址", "户籍所在地", "现住址"]),
    (Role::Phone, &["联系电话", "电话", "手机号", "手机号码", "联系方式", "手机", "联系人电话"]),
    (Role::PersonStatus, &["人员状态", "户籍状态", "户口状态", "救助状态", "保障状态", "在册状态", "在职状态"]),
    (Role::EnrolStatus, &["参保状态", "缴费状态", "参保缴费状态", "个人参保状态"]),
    (Role::Status, &["状态"]),
    (Role::Scheme, &["险种", "参保险种", "险种类型", "险种名称"]),
    (Role::Year, &["缴费年度", "参保年度", "年度"]),
    (Role::PeriodStart, &["参保开始日期", "参保起始日期", "开始日期", "起始日期", "参保日期"]),
    (Role::PeriodEnd, &["参保终止日期", "参保结束日期", "终止日期", "结束日期"]),
    (Role::Employer, &["单位名称", "参保单位", "工作单位"]),
    (Role::Subsidy, &["资助类别", "资助类型", "资助参保类别", "资助参保类型"]),
    (Role::PersonNumber, &["个人编号", "个人社保编号", "人员编号"]),
    (Role::BirthCertNumber, &["出生医学证明编号", "出生证编号", "出生医学证明号", "出生证号"]),
    (Role::MotherName, &["母亲姓名"]),
    (Role::MotherId, &["母亲身份证号", "母亲身份证号码", "母亲证件号码", "母亲有效身份证件号码"]),
    (Role::FatherName, &["父亲姓名"]),
    (Role::FatherId, &["父亲身份证号", "父亲身份证号码", "父亲证件号码", "父亲有效身份证件号码"]),
    (Role::School, &["学校名称", "学校", "就读学校", "所在学校"]),
    (Role::Grade, &["年级"]),
    (Role::Class, &["班级", "班别"]),
    (Role::StudentNumber, &["学籍号", "学号", "全国学籍号"]),
    (Role::Agency, &["派遣单位", "劳务派遣单位", "派遣机构"]),
    (Role::ClientCompany, &["用工单位", "实际用工单位"]),
    (Role::StartDate, &["入职日期", "用工日期", "入职时间", "派遣日期"]),
    (Role::LeaveDate, &["离职日期", "离职时间", "退工日期", "解除劳动合同日期", "离岗日期"]),
    (Role::WelfareCategory, &["救助类别", "救助类型", "困难类别", "人员类别", "保障类别"]),
    (Role::HouseholdHead, &["户主姓名", "户主"]),
    (Role::RelationToHead, &["与户主关系", "与户主的关系", "家庭关系"]),
    (Role::DeathDate, &["死亡日期", "死亡时间"]),
    (Role::ExclusionReason, &["原因", "排除原因", "不参保原因", "情况说明"]),
];

/// Examples of the ID column's header, for messages.
pub const ID_HEADER_EXAMPLES: &str = "身份证号、公民身份号码、证件号码";
/// Examples of the name column's header, for messages.
pub const NAME_HEADER_EXAMPLES: &str = "姓名、员工姓名、学生姓名";

/// Strips what decorates a header: spaces, line breaks, asterisks, colons, a bracketed note.
pub fn clean_header(text: &str) -> String {
    // Full-width and half-width brackets are one bracket: 所在村（居） is 所在村(居).
    let mut s: String = text
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !crate::identity::is_invisible(*c)
                && !matches!(c, '*' | '＊' | ':' | '：')
        })
        .map(|c| match c {
            '（' | '［' | '【' => '(',
            '）' | '］' | '】' => ')',
            other => other,
        })
        .collect();
    for (open, close) in [('(', ')')] {
        if s.ends_with(close) {
            if let Some(start) = s.rfind(open) {
                let inner = &s[start..];
                // Keep brackets that are part of the name, like 乡镇(街道) or 村(社区).
                if !(inner.contains("街道") || inner.contains("社区") || inner.contains('居'))
                {
                    s.truncate(start);
                }
            }
        }
    }
    s
}

/// The role a header text names, if any.
pub fn role_of(header: &str) -> Option<Role> {
    let cleaned = clean_header(header);
    ROLES
        .iter()
        .find(|(_, names)| names.iter().any(|n| clean_header(n) == cleaned))
        .map(|(role, _)| *role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_decorated_headers() {
        assert_eq!(role_of("身份证号码（必填）"), Some(Role::IdNumber));
        assert_eq!(role_of("* 公民身份\n号码"), Some(Role::IdNumber));
        assert_eq!(role_of("乡镇（街道）"), Some(Role::Township));
        assert_eq!(role_of("村(社区)"), Some(Role::Village));
        assert_eq!(role_of("备注"), None);
        // As departments write them: brackets of either width, spaces inside, notes after.
        assert_eq!(role_of("所在镇（街）"), Some(Role::Township));
        assert_eq!(role_of("所在村（居）"), Some(Role::Village));
        assert_eq!(role_of("户籍乡镇"), Some(Role::Township));
        assert_eq!(role_of("镇街"), Some(Role::Township));
        assert_eq!(role_of("出生 年月日"), Some(Role::BirthDate));
        assert_eq!(role_of("证件号码(18位)"), Some(Role::IdNumber));
        assert_eq!(role_of("与户主关系"), Some(Role::RelationToHead));
    }

    #[test]
    fn a_mothers_id_is_not_the_persons_id() {
        assert_eq!(role_of("母亲身份证号"), Some(Role::MotherId));
        assert_eq!(role_of("户主姓名"), Some(Role::HouseholdHead));
    }

    #[test]
    fn every_role_has_a_distinct_name_that_parses_back_and_header_texts() {
        let names = Role::names();
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        for role in Role::ALL {
            assert_eq!(Role::from_stored(role.as_str()), Some(role));
            assert!(
                ROLES
                    .iter()
                    .any(|(r, texts)| *r == role && !texts.is_empty()),
                "{role} has no header texts"
            );
        }
    }

    #[test]
    fn no_header_text_names_two_roles() {
        let mut seen = std::collections::HashMap::new();
        for (role, texts) in ROLES {
            for t in *texts {
                assert_eq!(seen.insert(*t, *role), None, "{t} names two roles");
            }
        }
    }
}
