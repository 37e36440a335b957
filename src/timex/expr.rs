//! The reference-free reading of a time expression: what the text says,
//! field by field, before anything is filled in from the publication date
//! or the narrative. A field that is `None` here is *implied*; the resolver
//! fills it and records that it did.

use chrono::Weekday;

/// Calendar units, finest last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// A millennium.
    Millennium,
    /// A century.
    Century,
    /// A decade.
    Decade,
    /// A year.
    Year,
    /// Half a year.
    Half,
    /// A quarter.
    Quarter,
    /// A season.
    Season,
    /// A month.
    Month,
    /// A fortnight (two weeks).
    Fortnight,
    /// A week.
    Week,
    /// A weekend.
    Weekend,
    /// A day.
    Day,
    /// A part of a day (morning, night).
    PartOfDay,
    /// An hour.
    Hour,
    /// A minute.
    Minute,
    /// A second.
    Second,
}

impl Unit {
    /// The letter a TIMEX3 duration uses, with whether it goes after `T`,
    /// and the multiplier (a decade is 10 years).
    pub fn duration_code(&self) -> (&'static str, bool, u32) {
        match self {
            Unit::Millennium => ("Y", false, 1000),
            Unit::Century => ("Y", false, 100),
            Unit::Decade => ("Y", false, 10),
            Unit::Year => ("Y", false, 1),
            Unit::Half => ("M", false, 6),
            Unit::Quarter => ("Q", false, 1),
            Unit::Season => ("M", false, 3),
            Unit::Month => ("M", false, 1),
            Unit::Fortnight => ("W", false, 2),
            Unit::Week => ("W", false, 1),
            Unit::Weekend => ("WE", false, 1),
            Unit::Day => ("D", false, 1),
            Unit::PartOfDay => ("H", true, 6),
            Unit::Hour => ("H", true, 1),
            Unit::Minute => ("M", true, 1),
            Unit::Second => ("S", true, 1),
        }
    }
}

/// Parts of a day, with their TIMEX3 codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayPart {
    /// `MO`
    Morning,
    /// `MI` (midday)
    Midday,
    /// `AF`
    Afternoon,
    /// `EV`
    Evening,
    /// `NI`
    Night,
    /// `DT` (daytime)
    Daytime,
}

impl DayPart {
    /// The TIMEX3 code.
    pub fn code(&self) -> &'static str {
        match self {
            DayPart::Morning => "MO",
            DayPart::Midday => "MI",
            DayPart::Afternoon => "AF",
            DayPart::Evening => "EV",
            DayPart::Night => "NI",
            DayPart::Daytime => "DT",
        }
    }
}

/// Parts of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum YearPart {
    /// Quarter 1-4.
    Quarter(u8),
    /// Half 1-2.
    Half(u8),
    /// `SP`
    Spring,
    /// `SU`
    Summer,
    /// `FA`
    Fall,
    /// `WI`
    Winter,
}

impl YearPart {
    /// The TIMEX3 suffix (`Q3`, `H1`, `SU`).
    pub fn code(&self) -> String {
        match self {
            YearPart::Quarter(q) => format!("Q{q}"),
            YearPart::Half(h) => format!("H{h}"),
            YearPart::Spring => "SP".into(),
            YearPart::Summer => "SU".into(),
            YearPart::Fall => "FA".into(),
            YearPart::Winter => "WI".into(),
        }
    }
    /// First and last month (1-12; winter runs Dec-Feb and reports 12..=14).
    pub fn months(&self) -> (u32, u32) {
        match self {
            YearPart::Quarter(q) => {
                let q = u32::from(*q).clamp(1, 4);
                (3 * q - 2, 3 * q)
            }
            YearPart::Half(h) => {
                if *h <= 1 {
                    (1, 6)
                } else {
                    (7, 12)
                }
            }
            YearPart::Spring => (3, 5),
            YearPart::Summer => (6, 8),
            YearPart::Fall => (9, 11),
            YearPart::Winter => (12, 14),
        }
    }
    /// The unit of this part.
    pub fn unit(&self) -> Unit {
        match self {
            YearPart::Quarter(_) => Unit::Quarter,
            YearPart::Half(_) => Unit::Half,
            _ => Unit::Season,
        }
    }
}

/// A vague reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vague {
    /// `PAST_REF`
    Past,
    /// `PRESENT_REF`
    Present,
    /// `FUTURE_REF`
    Future,
}

/// Time of day as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Clock {
    /// Hours (0-24) and minutes; `24:00` is midnight at the end of the day.
    At {
        /// Hour, 0-24 (25+ kept as written: the checker flags it).
        hour: u32,
        /// Minute.
        minute: u32,
        /// Whether the minutes were written ("10:30" vs "10 a.m.").
        minutes_written: bool,
    },
    /// A part of the day.
    Part(DayPart),
}

/// A quantity as written: a number, or a vague amount ("several").
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    /// A number (halves allowed: 1.5).
    Number(f64),
    /// "several", "a few", "many": TIMEX3 `X`.
    Vague,
}

/// What a time expression says, independent of any reference date.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Expr {
    /// Nothing could be read (placeholder for library users building timexes).
    #[default]
    Unknown,
    /// A calendar date with the fields the text gives ("April 3rd",
    /// "Wednesday, April 3rd", "3 April 2017", "1960", "April 2017", "Wednesday").
    Date {
        /// Year as written (four digits or expanded from two).
        year: Option<i32>,
        /// Month 1-12.
        month: Option<u32>,
        /// Day of month as written (may be invalid: "April 31").
        day: Option<u32>,
        /// Weekday as written.
        weekday: Option<Weekday>,
    },
    /// A part of a year: "spring 2017", "the third quarter".
    YearPart {
        /// Year as written.
        year: Option<i32>,
        /// Which part.
        part: YearPart,
        /// Whether "the quarter" was written without its number (fiscal quarter by context).
        implicit: bool,
    },
    /// "the 1990s": the first three digits of the decade's years.
    Decade(i32),
    /// "the 19th century": the first two digits of its years (18).
    Century(i32),
    /// A shift of the reference by whole units: "yesterday" (Day, -1),
    /// "next year" (Year, +1), "this week" (Week, 0), "two days later" (Day, +2, Narrative).
    Shift {
        /// Unit of the shift and of the result.
        unit: Unit,
        /// Signed count of units; `None` for a vague count ("a few years ago").
        by: Option<i32>,
        /// What it counts from.
        anchor: super::Anchor,
    },
    /// A weekday, month or season with an explicit direction: "last Friday"
    /// (-1), "next March" (+1), "this summer" (0): `base` is a `Date` with
    /// only a weekday or only a month, or a `YearPart` without year.
    Directed {
        /// What is counted.
        base: Box<Expr>,
        /// -1 last, 0 this, +1 next.
        by: i32,
    },
    /// A month, day or part of a year placed in a year counted from the
    /// publication: "January this year" (0), "July last year" (-1),
    /// "next year's first quarter" (+1).
    InYear {
        /// A `Date` without year or a `YearPart` without year.
        base: Box<Expr>,
        /// Years from the publication year.
        by: i32,
    },
    /// The fiscal period being reported, shifted by whole years: "the year-ago
    /// quarter" (-1), "the latest period" (0). Business news.
    ReportedQuarter {
        /// Years back (negative) or ahead.
        years: i32,
    },
    /// The fiscal period being reported, in the year written: "the 1988
    /// quarter", "the 1989 period" (in a quarterly report: that quarter of
    /// 1988 or 1989). Business news.
    ReportedQuarterIn {
        /// The year as written.
        year: i32,
    },
    /// A named day ("Thanksgiving Day", "Christmas Eve"), with its year if written.
    Holiday {
        /// Which day.
        day: super::holiday::Holiday,
        /// Year as written.
        year: Option<i32>,
    },
    /// A weekday counted from the narrative date: "the previous Friday" (-1),
    /// "the following Monday" (+1).
    NarrativeWeekday {
        /// The weekday.
        weekday: Weekday,
        /// -1 before, +1 after.
        by: i32,
    },
    /// The week (weekend, month) containing a day: "the week of March 6".
    PeriodOf {
        /// The unit of the result.
        unit: Unit,
        /// The day, as written.
        day: Box<Expr>,
    },
    /// A date with a time of day ("Thursday night", "10:30 a.m.", "yesterday morning").
    /// `date` is `None` when only the time is written (the day is implied).
    WithTime {
        /// The day, when written.
        date: Option<Box<Expr>>,
        /// The time of day.
        clock: Clock,
    },
    /// A length of time: amount and unit ("three years" -> P3Y).
    Duration {
        /// The amount.
        amount: Amount,
        /// The unit.
        unit: Unit,
    },
    /// A recurrence whose value is fully given by the text (`XXXX-WXX-1`, `P1W`).
    Set(String),
    /// A vague reference.
    Vague(Vague),
}

impl Expr {
    /// True for a date with a weekday written together with a day of month.
    pub fn written_weekday(&self) -> Option<Weekday> {
        match self {
            Expr::Date { weekday, .. } => *weekday,
            Expr::WithTime { date: Some(d), .. } => d.written_weekday(),
            _ => None,
        }
    }
}
