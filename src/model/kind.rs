//! Record kinds and the closed vocabularies of the records format (docs/记录格式.md).

use serde::Serialize;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $id:literal, $zh:literal;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $(#[doc = concat!("`", $id, "` (", $zh, ")")] $variant,)* }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The id used in files and JSON.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id,)* }
            }

            /// The Chinese name shown to people.
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)* }
            }

            /// Accepts the id or the Chinese name.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.id() == text || v.zh() == text)
            }

            /// Every id, for the list of allowed values in messages.
            pub fn ids() -> Vec<String> {
                Self::ALL.iter().map(|v| v.id().to_string()).collect()
            }
        }

        /// In the JSON Schemas: the ids and the Chinese names, both accepted.
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn inline_schema() -> bool {
                true
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let values: Vec<&str> = Self::ALL.iter().flat_map(|v| [v.id(), v.zh()]).collect();
                let listed: Vec<String> = Self::ALL.iter().map(|v| format!("{}（{}）", v.id(), v.zh())).collect();
                schemars::json_schema!({
                    "type": "string",
                    "enum": values,
                    "description": format!("可选值：{}", listed.join("、")),
                })
            }
        }
    };
}

vocabulary! {
    /// What a record is about (docs/记录格式.md, “类型”).
    Kind {
        Plan = "plan", "工作部署";
        ResponsibilityLetter = "responsibility_letter", "责任书";
        MidyearReview = "midyear_review", "年中检查";
        YearSummary = "year_summary", "年度总结";
        SpecialMeeting = "special_meeting", "党风廉政专题会议";
        LifeMeeting = "life_meeting", "民主生活会";
        Education = "education", "廉政教育";
        Regulation = "regulation", "制度建设";
        Talk = "talk", "谈话诫勉";
        Petition = "petition", "来信来访";
        Assessment = "assessment", "责任制考核";
        Finding = "finding", "问题整改";
        SpecialReport = "special_report", "专题报告";
        DutyReport = "duty_report", "述职述廉";
        Evaluation = "evaluation", "民主评议";
        Inspection = "inspection", "巡视检查";
        Accountability = "accountability", "责任追究";
        Commendation = "commendation", "表彰奖励";
        Other = "other", "其他";
    }
}

impl Kind {
    /// The kind `text` names, loosely, as a clerk types it: its id (with
    /// `-` or `_`), its Chinese name, or part of the name that only one kind
    /// has (`生活会` is 民主生活会); else the kinds it could be.
    pub fn parse_loose(text: &str) -> Result<Kind, Vec<Kind>> {
        let text = text.trim();
        if let Some(kind) = Kind::parse(text).or_else(|| Kind::parse(&text.replace('-', "_").to_lowercase())) {
            return Ok(kind);
        }
        let candidates: Vec<Kind> = if text.is_empty() {
            Vec::new()
        } else {
            Kind::ALL.iter().copied().filter(|k| k.zh().contains(text)).collect()
        };
        match candidates[..] {
            [kind] => Ok(kind),
            _ => Err(candidates),
        }
    }

    /// The keys this kind adds to the common ones.
    pub fn extra_keys(self) -> &'static [&'static str] {
        use Kind::*;
        match self {
            Plan => &["targets"],
            Assessment => &["targets", "scores"],
            ResponsibilityLetter => &["signed_by", "items"],
            Education => &["participants_count"],
            Talk => &["person", "by"],
            Petition => &["status", "closed_on", "handler", "petitioner"],
            Finding => &[
                "deadline",
                "owner",
                "status",
                "rectified_on",
                "result_reported_on",
                "source",
                "measures",
                "leader",
                "verified_by",
                "verified_on",
                "extended_to",
                "extension_reason",
            ],
            SpecialReport => &["to", "submitted_on", "issuer"],
            DutyReport => &["person"],
            Evaluation => &["target"],
            Inspection => &["targets", "inspectors"],
            Accountability => &[
                "person",
                "clause",
                "severity",
                "responsibility",
                "collective",
                "sanction",
            ],
            Commendation => &["person"],
            MidyearReview | YearSummary | SpecialMeeting | LifeMeeting | Regulation | Other => &[],
        }
    }

    /// Extra keys that must always be present.
    pub fn required_keys(self) -> &'static [&'static str] {
        use Kind::*;
        match self {
            Talk => &["person", "by"],
            Petition => &["status"],
            Finding => &["deadline", "status"],
            SpecialReport => &["to"],
            DutyReport => &["person"],
            Evaluation => &["target"],
            Accountability => &["person", "clause", "severity", "responsibility", "sanction"],
            _ => &[],
        }
    }

    /// Kinds whose record may be dated up to January 31 of the next year.
    pub fn reaches_next_year(self) -> bool {
        matches!(self, Kind::YearSummary | Kind::SpecialReport | Kind::DutyReport)
    }
}

vocabulary! {
    /// A role of a person in org.toml.
    Role {
        Director = "director", "主任";
        DeputyDirector = "deputy_director", "副主任";
        PartyDeputySecretary = "party_deputy_secretary", "政工副书记";
        BranchCommittee = "branch_committee", "党支部委员";
        SectionChief = "section_chief", "科长";
        DeputyChief = "deputy_chief", "科室副职";
        Staff = "staff", "工作人员";
        Supervisor = "supervisor", "党风行风监督员";
    }
}

impl Role {
    /// The leaders: who owes a duty report.
    pub fn is_leader(self) -> bool {
        matches!(
            self,
            Role::Director | Role::DeputyDirector | Role::PartyDeputySecretary | Role::SectionChief
        )
    }
}

vocabulary! {
    /// Who may see a record: restricted ones are left out of public builds.
    Visibility {
        Internal = "internal", "内部";
        Restricted = "restricted", "限制";
    }
}

vocabulary! {
    /// Status of a petition.
    PetitionStatus {
        Open = "open", "办理中";
        Closed = "closed", "已办结";
    }
}

vocabulary! {
    /// Status of a finding.
    FindingStatus {
        Open = "open", "整改中";
        Partial = "partial", "部分整改";
        Rectified = "rectified", "已整改";
    }
}

vocabulary! {
    /// Clauses of Article 15.
    Clause {
        C15_1 = "15.1", "第十五条（一）";
        C15_2a = "15.2a", "第十五条（二）重大案件致损失或恶劣影响";
        C15_2b = "15.2b", "第十五条（二）管理混乱致财产被贪污";
        C15_3a = "15.3a", "第十五条（三）违规选拔任用干部";
        C15_3b = "15.3b", "第十五条（三）选拔任用明显有违法违纪行为的人";
        C15_4 = "15.4", "第十五条（四）";
        C15_5 = "15.5", "第十五条（五）";
        C15_6a = "15.6a", "第十五条（六）对家属及身边人员严重违法违纪知情不管";
        C15_6b = "15.6b", "第十五条（六）包庇、纵容";
        C15Other = "15.other", "第十五条 其他违反责任制规定的行为";
    }
}

vocabulary! {
    /// How grave the facts of an accountability case are (情节).
    Severity {
        Minor = "minor", "情节较轻";
        Ordinary = "ordinary", "一般";
        Serious = "serious", "情节较重";
        Grave = "grave", "情节严重";
    }
}

vocabulary! {
    /// Who issues (署名) the unit's special report.
    Issuer {
        Office = "office", "办公室";
        PartyBranch = "party_branch", "党支部";
    }
}

vocabulary! {
    /// The leadership responsibility a person bears in an accountability case.
    Responsibility {
        Main = "main", "主要领导责任";
        Important = "important", "重要领导责任";
    }
}

vocabulary! {
    /// A sanction or handling decided in an accountability case.
    Sanction {
        CriticismEducation = "criticism_education", "批评教育";
        RectifyOrder = "rectify_order", "责令限期改正";
        Warning = "warning", "警告";
        SeriousWarning = "serious_warning", "严重警告";
        RemovalFromPartyPost = "removal_from_party_post", "撤销党内职务";
        Probation = "probation", "留党查看";
        Expulsion = "expulsion", "开除党籍";
        OrderedResignation = "ordered_resignation", "责令辞职";
        Dismissal = "dismissal", "免职";
        OrganizationalHandling = "organizational_handling", "组织处理";
        AdministrativeSanction = "administrative_sanction", "行政处分";
        JudicialReferral = "judicial_referral", "移送司法机关";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_by_id_and_chinese_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.id()), Some(*kind));
            assert_eq!(Kind::parse(kind.zh()), Some(*kind));
        }
        assert_eq!(Kind::parse("民主生活会"), Some(Kind::LifeMeeting));
        assert_eq!(Kind::parse("meeting"), None);
    }

    #[test]
    fn required_keys_are_extra_keys() {
        for kind in Kind::ALL {
            for key in kind.required_keys() {
                assert!(kind.extra_keys().contains(key), "{key} of {kind:?}");
            }
        }
    }
}
