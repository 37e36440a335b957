//! Resolution: turns what an expression says ([`Expr`]) into a TIMEX3 value,
//! filling the implied fields from a [`Reference`]: the publication date,
//! or the date the narrative last moved to. This is the only stage that
//! sees the publication date.
//!
//! Every ambiguity is settled by a named policy in [`Policies`]; the
//! conventions are written out in `docs/normalisation.md`.

use crate::text::Tense;
use crate::timex::expr::{Amount, Clock, Expr, Unit, Vague, YearPart};
use crate::timex::rules::{duration_value, Candidate};
use crate::timex::value::{shift_date, Point};
use crate::timex::{Anchor, TimexType};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

/// Which way an expression without year or direction points
/// ("on Wednesday", "in April", "on May 9").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Past tense: the most recent one; future tense: the next one; present
    /// or no tense: the closest. The default, right for news.
    #[default]
    ByTense,
    /// Always the most recent one on or before the reference.
    Past,
    /// Always the next one on or after the reference.
    Future,
    /// Always the closest one.
    Closest,
}

/// The ambiguity policies, set in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Policies {
    /// Direction of year-less dates and bare weekdays.
    pub direction: Direction,
    /// How all-numeric dates are read.
    pub numeric: crate::timex::rules::NumericDates,
}

/// The result of resolving one expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// TIMEX3 value.
    pub value: String,
    /// The calendar point, when the value is a concrete date or time.
    pub point: Option<Point>,
    /// What it was computed from, if anything.
    pub anchor: Option<Anchor>,
    /// Whether every field came from the text.
    pub stated: bool,
    /// Name of the resolution step.
    pub step: &'static str,
}

/// `YEAR_BACK_COMPARISON`: a year-back comparison ("up from $4 million a year
/// earlier", "the year-ago quarter", "year-earlier net") names the period a
/// figure is compared with, not a new point in the story, so it does not move
/// the narrative date: a second "a year earlier" in the same report is the same
/// year-back period, not two years back.
fn is_comparison(expr: &Expr, rule: &str) -> bool {
    match expr {
        Expr::ReportedQuarter { years } => *years < 0,
        Expr::ReportedQuarterIn { .. } => true,
        Expr::Shift {
            unit: Unit::Year,
            by: Some(-1),
            ..
        } => rule == "ago_later",
        _ => false,
    }
}

/// The reference dates a document is resolved against.
#[derive(Debug, Clone)]
pub struct Reference {
    published: NaiveDate,
    narrative: Point,
    narrative_moved: bool,
    policies: Policies,
    /// Set while a deadline outside a future clause is resolved (`DEADLINE_AHEAD`).
    deadline: bool,
}

impl Reference {
    /// A reference for a document published on `published`.
    pub fn new(published: NaiveDate, policies: Policies) -> Reference {
        Reference {
            published,
            narrative: Point::Day(published),
            narrative_moved: false,
            policies,
            deadline: false,
        }
    }

    /// The date the narrative is at now.
    pub fn narrative(&self) -> Point {
        self.narrative
    }

    /// Resolves one candidate, in text order, and moves the narrative date
    /// when the candidate names a concrete date.
    ///
    /// # Example
    /// ```
    /// use chronicler::resolve::{Policies, Reference};
    /// use chronicler::text::Tense;
    /// use chronicler::timex::rules::{recognise, NumericDates};
    /// let pubd = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
    /// let mut r = Reference::new(pubd, Policies::default());
    /// let c = recognise("the meeting held this week", NumericDates::MonthFirst);
    /// assert_eq!(r.resolve(&c[0], Tense::Past).value, "2017-W18");
    /// ```
    pub fn resolve(&mut self, cand: &Candidate, tense: Tense) -> Resolved {
        // `POSSESSIVE_PAST`: a date in the possessive names the day of
        // something reported ("get around Wednesday's ruling", "over
        // Thursday's closing price"), not a time the clause's verb points to.
        let tense = if cand.possessive { Tense::Past } else { tense };
        // `DEADLINE_AHEAD`: a deadline ("until Tuesday", "by May 9", "through
        // January") is not placed by the tense of its clause ("had extended
        // the offer until Tuesday", "loans through January"): it is the next
        // one, unless the last one is less than a third as far; a future
        // clause ("will double its flights by August") points ahead.
        // ("through" only before a written date or month: "worked through the
        // weekend" is a stretch of the past, not a deadline.)
        let deadline = match cand.preposition {
            Some("until" | "till" | "by") => true,
            Some("through") => matches!(cand.expr, Expr::Date { month: Some(_), .. }),
            _ => false,
        };
        self.deadline = deadline && tense != Tense::Future;
        let tense = if self.deadline {
            Tense::None
        } else if cand.preposition == Some("since") {
            // "since August": always a time gone by
            Tense::Past
        } else {
            tense
        };
        let r = self.resolve_expr(&cand.expr, cand.rule, tense);
        self.deadline = false;
        if let Some(p) = r.point {
            // "since 1990" opens a stretch that runs up to now: it does not
            // move the story to 1990
            // and the last day of a quarter just named ("the quarter ended
            // Sept. 30") bounds the period the report is about: the story
            // stays with the quarter ("up 9% from a year earlier" is the
            // year-ago quarter, not Sept. 30 of last year)
            let quarter_end = matches!(cand.preposition, Some("ended" | "ending"))
                && self.narrative_moved
                && matches!(self.narrative, Point::Part(_, YearPart::Quarter(_)));
            let moves = (cand.kind == TimexType::Date || cand.kind == TimexType::Time)
                && !is_comparison(&cand.expr, cand.rule)
                && cand.preposition != Some("since")
                && !quarter_end;
            if moves && p.unit() >= Unit::Year && p.interval().is_some() {
                self.narrative = match p {
                    Point::DayPart(d, _) | Point::Clock(d, _, _) => Point::Day(d),
                    other => other,
                };
                self.narrative_moved = true;
            }
        }
        r
    }

    /// Whether `p` starts within the four quarters before the publication
    /// quarter (a quarter a report can be about), and not after publication.
    fn is_recent_quarter(&self, p: &Point) -> bool {
        let current = Point::containing(self.published, Unit::Quarter);
        let earliest = current.shift(Unit::Quarter, -4).and_then(|q| q.start());
        matches!((p.start(), earliest), (Some(s), Some(e)) if s >= e && s <= self.published)
    }

    /// The quarter a report is about: the recent quarter the narrative names,
    /// else the last completed one (as `Expr::ReportedQuarter`).
    fn reported_quarter(&self) -> Option<Point> {
        match self.narrative {
            p @ Point::Part(_, YearPart::Quarter(_))
                if self.narrative_moved && self.is_recent_quarter(&p) =>
            {
                Some(p)
            }
            _ => Point::containing(self.published, Unit::Quarter).shift(Unit::Quarter, -1),
        }
    }

    /// `LEAN_PAST` (part of `ByTense`): no verb to go by.
    fn tenseless(&self, tense: Tense) -> bool {
        self.policies.direction == Direction::ByTense && tense == Tense::None
    }

    fn direction(&self, tense: Tense) -> Direction {
        match self.policies.direction {
            Direction::ByTense => match tense {
                Tense::Past => Direction::Past,
                Tense::Future => Direction::Future,
                _ => Direction::Closest,
            },
            d => d,
        }
    }

    fn resolve_expr(&self, expr: &Expr, rule: &str, tense: Tense) -> Resolved {
        let pubd = self.published;
        match expr {
            Expr::Unknown => unresolved("XXXX-XX-XX", "unknown"),
            Expr::Vague(v) => fixed(
                match v {
                    Vague::Past => "PAST_REF",
                    Vague::Present => "PRESENT_REF",
                    Vague::Future => "FUTURE_REF",
                },
                "vague",
                Some(Anchor::Publication),
            ),
            Expr::Set(v) => fixed(v, "set", None),
            Expr::Duration { amount, unit } => {
                let v = match amount {
                    Amount::Number(n) => duration_value(*n, *unit),
                    Amount::Vague => {
                        let (code, t, _) = unit.duration_code();
                        let code = match unit {
                            Unit::Decade => "DE",
                            Unit::Century => "CE",
                            _ => code,
                        };
                        format!("P{}X{}", if t { "T" } else { "" }, code)
                    }
                };
                fixed(&v, "duration", None)
            }
            Expr::Decade(d) => point(Point::Decade(*d), true, None, "stated"),
            Expr::Century(c) => point(Point::Century(*c), true, None, "stated"),
            Expr::Date {
                year,
                month,
                day,
                weekday,
            } => self.resolve_date(*year, *month, *day, *weekday, tense),
            Expr::YearPart {
                year,
                part,
                implicit,
            } => self.resolve_year_part(*year, *part, *implicit, tense),
            Expr::Shift { unit, by, anchor } => self.resolve_shift(*unit, *by, *anchor, rule),
            Expr::Directed { base, by } => self.resolve_directed(base, *by, tense),
            Expr::Holiday { day, year } => match year {
                Some(y) => match day.date(*y) {
                    Some(d) => point(Point::Day(d), true, None, "stated"),
                    None => unresolved("XXXX-XX-XX", "out_of_range"),
                },
                None => {
                    let py = pubd.year();
                    let dist = |y: i32| day.date(y).map(|d| (d - pubd).num_days().abs());
                    let y = match self.direction(tense) {
                        Direction::Past => {
                            if day.date(py).is_some_and(|d| d <= pubd) {
                                py
                            } else {
                                py - 1
                            }
                        }
                        Direction::Future => {
                            if day.date(py).is_some_and(|d| d >= pubd) {
                                py
                            } else {
                                py + 1
                            }
                        }
                        _ => closest_year(py, dist),
                    };
                    let y = near_override(y, py, dist, NEAR_DAY_DATE);
                    match day.date(y) {
                        Some(d) => point(
                            Point::Day(d),
                            false,
                            Some(Anchor::Publication),
                            "year_by_tense",
                        ),
                        None => unresolved("XXXX-XX-XX", "out_of_range"),
                    }
                }
            },
            Expr::NarrativeWeekday { weekday, by } => {
                let base = match self.narrative {
                    Point::Day(d) => d,
                    other => other.start().unwrap_or(pubd),
                };
                match weekday_strictly(base, *weekday, *by > 0) {
                    Some(d) => point(
                        Point::Day(d),
                        false,
                        Some(Anchor::Narrative),
                        "from_narrative",
                    ),
                    None => unresolved("XXXX-XX-XX", "out_of_range"),
                }
            }
            Expr::PeriodOf { unit, day } => {
                let r = self.resolve_expr(day, rule, tense);
                match r.point {
                    Some(Point::Day(d)) => {
                        point(Point::containing(d, *unit), r.stated, r.anchor, r.step)
                    }
                    _ => r,
                }
            }
            Expr::InYear { base, by } => {
                let y = pubd.year().saturating_add(*by);
                match &**base {
                    Expr::Date {
                        month: Some(m),
                        day,
                        weekday,
                        ..
                    } => {
                        let r = self.resolve_date(Some(y), Some(*m), *day, *weekday, tense);
                        Resolved {
                            stated: false,
                            anchor: Some(Anchor::Publication),
                            step: "in_year",
                            ..r
                        }
                    }
                    Expr::YearPart { part, .. } => point(
                        Point::Part(y, *part),
                        false,
                        Some(Anchor::Publication),
                        "in_year",
                    ),
                    _ => point(Point::Year(y), false, Some(Anchor::Publication), "in_year"),
                }
            }
            Expr::ReportedQuarterIn { year } => match self.reported_quarter() {
                Some(Point::Part(_, part)) => point(
                    Point::Part(*year, part),
                    false,
                    Some(Anchor::Narrative),
                    "reported_quarter",
                ),
                _ => point(Point::Year(*year), true, None, "stated"),
            },
            Expr::ReportedQuarter { years } => {
                // the quarter being reported: the last completed one, unless the
                // narrative names a recent quarter (one of the last four, which a
                // report can be about; not a quarter already shifted a year back)
                let base = self.reported_quarter();
                match base.and_then(|b| b.shift(Unit::Year, i64::from(*years))) {
                    Some(p) => point(p, false, Some(Anchor::Narrative), "reported_quarter"),
                    None => unresolved("XXXX-QX", "out_of_range"),
                }
            }
            Expr::WithTime { date, clock } => {
                let (day, stated, anchor, step) = match date {
                    Some(d) => {
                        let r = self.resolve_expr(d, rule, tense);
                        match r.point {
                            Some(Point::Day(day)) => (Some(day), r.stated, r.anchor, r.step),
                            Some(other) => return point(other, r.stated, r.anchor, r.step),
                            None => return r,
                        }
                    }
                    None => match self.narrative {
                        Point::Day(d) if self.narrative_moved => (
                            Some(d),
                            false,
                            Some(Anchor::Narrative),
                            "time_on_narrative_day",
                        ),
                        _ => (
                            Some(pubd),
                            false,
                            Some(Anchor::Publication),
                            "time_on_publication_day",
                        ),
                    },
                };
                let Some(day) = day else {
                    return unresolved("XXXX-XX-XX", "no_day");
                };
                let p = match clock {
                    // `MIDNIGHT_PAST`: "midnight" with no day of its own, told
                    // in the past ("the curfew ended at midnight", "shortly
                    // after midnight, troops launched"), is the midnight that
                    // began its day; `T24:00`, the end of the day, is for the
                    // rest ("expires at midnight", "until midnight", "midnight
                    // Friday").
                    Clock::At {
                        hour: 24,
                        minute: 0,
                        ..
                    } if date.is_none() && tense == Tense::Past => {
                        return point(Point::Clock(day, 0, 0), stated, anchor, "midnight_past");
                    }
                    Clock::At { hour, minute, .. } => {
                        if *hour > 24 || *minute > 59 {
                            // kept as written for the checker
                            return Resolved {
                                value: format!(
                                    "{}T{:02}:{:02}",
                                    Point::Day(day).value(),
                                    hour,
                                    minute
                                ),
                                point: None,
                                anchor,
                                stated,
                                step: "invalid_time",
                            };
                        }
                        Point::Clock(day, *hour, *minute)
                    }
                    Clock::Part(p) => Point::DayPart(day, *p),
                };
                point(p, stated, anchor, step)
            }
        }
    }

    fn resolve_date(
        &self,
        year: Option<i32>,
        month: Option<u32>,
        day: Option<u32>,
        weekday: Option<Weekday>,
        tense: Tense,
    ) -> Resolved {
        let pubd = self.published;
        match (year, month, day) {
            (Some(y), Some(m), Some(d)) => match NaiveDate::from_ymd_opt(y, m, d) {
                Some(date) => point(Point::Day(date), true, None, "stated"),
                None => Resolved {
                    value: format!("{}-{m:02}-{d:02}", Point::Year(y).value()),
                    point: None,
                    anchor: None,
                    stated: true,
                    step: "invalid_date",
                },
            },
            (Some(y), Some(m), None) => point(Point::Month(y, m), true, None, "stated"),
            (Some(y), None, _) => point(Point::Year(y), true, None, "stated"),
            (None, Some(m), Some(d)) => {
                let dir = self.direction(tense);
                let pick = |y: i32| NaiveDate::from_ymd_opt(y, m, d);
                let py = pubd.year();
                let y = match dir {
                    Direction::Past => {
                        if pick(py).is_some_and(|x| x <= pubd)
                            || (pick(py).is_none() && (m, d) <= (pubd.month(), pubd.day()))
                        {
                            py
                        } else {
                            py - 1
                        }
                    }
                    Direction::Future => {
                        if pick(py).is_some_and(|x| x >= pubd)
                            || (pick(py).is_none() && (m, d) >= (pubd.month(), pubd.day()))
                        {
                            py
                        } else {
                            py + 1
                        }
                    }
                    _ if self.deadline => leaning_future_year(py, pubd, pick),
                    _ if self.tenseless(tense) => leaning_past_year(py, pubd, pick),
                    _ => closest_year(py, |y| pick(y).map(|x| (x - pubd).num_days().abs())),
                };
                let dist = |y: i32| pick(y).map(|x| (x - pubd).num_days().abs());
                let y = near_override(y, py, dist, NEAR_DAY_DATE);
                // A weekday written with the date picks the year it fits
                // ("Tuesday, Jan. 2" in a late-December article), when the
                // chosen year does not fit and a neighbouring year within
                // `NEAR_DAY_DATE.0` days does. A weekday that fits no nearby
                // year keeps the date as written (the checker reports it).
                let y = match weekday {
                    Some(wd) if pick(y).is_some_and(|x| x.weekday() != wd) => [y - 1, y + 1]
                        .into_iter()
                        .filter(|o| pick(*o).is_some_and(|x| x.weekday() == wd))
                        .filter(|o| dist(*o).is_some_and(|d| d <= NEAR_DAY_DATE.0))
                        .min_by_key(|o| dist(*o))
                        .unwrap_or(y),
                    _ => y,
                };
                match pick(y) {
                    Some(date) => point(
                        Point::Day(date),
                        false,
                        Some(Anchor::Publication),
                        "year_by_tense",
                    ),
                    None => Resolved {
                        value: format!("{}-{m:02}-{d:02}", Point::Year(y).value()),
                        point: None,
                        anchor: Some(Anchor::Publication),
                        stated: false,
                        step: "invalid_date",
                    },
                }
            }
            (None, Some(m), None) => {
                let dir = self.direction(tense);
                let py = pubd.year();
                let pm = pubd.month();
                let y = match dir {
                    Direction::Past => {
                        if m <= pm {
                            py
                        } else {
                            py - 1
                        }
                    }
                    Direction::Future => {
                        if m >= pm {
                            py
                        } else {
                            py + 1
                        }
                    }
                    _ if self.deadline => {
                        leaning_future_year(py, pubd, |y| NaiveDate::from_ymd_opt(y, m, 15))
                    }
                    _ if self.tenseless(tense) => {
                        leaning_past_year(py, pubd, |y| NaiveDate::from_ymd_opt(y, m, 15))
                    }
                    _ => closest_year(py, |y| {
                        let a = NaiveDate::from_ymd_opt(y, m, 15)?;
                        Some((a - pubd).num_days().abs())
                    }),
                };
                let dist = |y: i32| {
                    let a = NaiveDate::from_ymd_opt(y, m, 15)?;
                    Some((a - pubd).num_days().abs())
                };
                // Past-tense verbs often report plans ("was planned for early March"):
                // a month ten months back yields to the same month weeks ahead.
                // Future tense about a month just gone is rare; no override there.
                let y = if dir == Direction::Past {
                    near_override(y, py, dist, NEAR_MONTH)
                } else {
                    y
                };
                point(
                    Point::Month(y, m),
                    false,
                    Some(Anchor::Publication),
                    "year_by_tense",
                )
            }
            (None, None, _) => match weekday {
                Some(wd) => {
                    let dir = self.direction(tense);
                    let found = if self.deadline {
                        deadline_weekday(pubd, wd)
                    } else {
                        weekday_near(pubd, wd, dir)
                    };
                    match found {
                        Some(d) => point(
                            Point::Day(d),
                            false,
                            Some(Anchor::Publication),
                            "weekday_by_tense",
                        ),
                        None => unresolved("XXXX-XX-XX", "out_of_range"),
                    }
                }
                None => unresolved("XXXX-XX-XX", "empty_date"),
            },
        }
    }

    fn resolve_year_part(
        &self,
        year: Option<i32>,
        part: YearPart,
        implicit: bool,
        tense: Tense,
    ) -> Resolved {
        let pubd = self.published;
        if let Some(y) = year {
            return point(Point::Part(y, part), true, None, "stated");
        }
        if implicit {
            // "the quarter": the fiscal quarter being reported
            let current = Point::containing(pubd, Unit::Quarter);
            let p = if tense == Tense::Past {
                current.shift(Unit::Quarter, -1).unwrap_or(current)
            } else {
                current
            };
            return point(
                p,
                false,
                Some(Anchor::Publication),
                "fiscal_quarter_by_tense",
            );
        }
        // A quarter named without its year that is the current one or the one
        // just completed is the one meant, whatever the tense ("will report
        // third-quarter results" in October): business news reports on it.
        if let YearPart::Quarter(_) = part {
            let current = Point::containing(pubd, Unit::Quarter);
            let previous = current.shift(Unit::Quarter, -1);
            for p in [Some(current), previous].into_iter().flatten() {
                if matches!(p, Point::Part(_, q) if q == part) {
                    return point(p, false, Some(Anchor::Publication), "reported_quarter");
                }
            }
        }
        let dir = self.direction(tense);
        let py = pubd.year();
        let cands: Vec<Point> = (py - 1..=py + 1).map(|y| Point::Part(y, part)).collect();
        let chosen = match dir {
            Direction::Past => cands
                .iter()
                .rev()
                .find(|p| p.start().is_some_and(|s| s <= pubd)),
            Direction::Future => cands
                .iter()
                .find(|p| p.interval().is_some_and(|(_, e)| e >= pubd)),
            _ => cands
                .iter()
                .find(|p| p.interval().is_some_and(|(s, e)| s <= pubd && pubd <= e))
                .or_else(|| {
                    cands.iter().min_by_key(|p| {
                        p.start()
                            .map(|s| (s - pubd).num_days().abs())
                            .unwrap_or(i64::MAX)
                    })
                }),
        };
        match chosen {
            Some(p) => point(*p, false, Some(Anchor::Publication), "year_by_tense"),
            None => unresolved("XXXX", "out_of_range"),
        }
    }

    fn resolve_shift(&self, unit: Unit, by: Option<i32>, anchor: Anchor, rule: &str) -> Resolved {
        let Some(by) = by else {
            return fixed(
                if rule == "ago_later" {
                    "PAST_REF"
                } else {
                    "PRESENT_REF"
                },
                "vague_count",
                Some(Anchor::Publication),
            );
        };
        let base = match anchor {
            Anchor::Publication => Point::Day(self.published),
            Anchor::Narrative => self.narrative,
        };
        // Counting N units from a date the text set keeps that date's granularity
        // when it is finer ("a year earlier" after "the third quarter" -> Q3).
        // "a year ago" in a report on a quarter means that quarter a year ago.
        let quarter_context = rule == "ago_later"
            && unit == Unit::Year
            && self.narrative_moved
            && matches!(self.narrative, Point::Part(_, YearPart::Quarter(_)))
            && self.is_recent_quarter(&self.narrative);
        let base = if quarter_context {
            self.narrative
        } else {
            base
        };
        let keep_finer =
            (anchor == Anchor::Narrative && self.narrative_moved && rule == "ago_later")
                || quarter_context;
        let p = if keep_finer {
            base.shift(unit, i64::from(by))
        } else {
            let start = match base {
                Point::Day(d) => Some(d),
                other => other.start(),
            };
            start
                .and_then(|d| shift_date(d, unit, i64::from(by)))
                .map(|d| Point::containing(d, unit))
        };
        let step = match anchor {
            Anchor::Publication => "from_publication",
            Anchor::Narrative => "from_narrative",
        };
        match p {
            Some(p) => point(p, false, Some(anchor), step),
            None => unresolved("XXXX-XX-XX", "out_of_range"),
        }
    }

    fn resolve_directed(&self, base: &Expr, by: i32, tense: Tense) -> Resolved {
        let pubd = self.published;
        let step = "directed";
        match base {
            Expr::Date {
                weekday: Some(wd),
                month: None,
                ..
            } => {
                let d = match by {
                    -1 => weekday_strictly(pubd, *wd, false),
                    1 => weekday_strictly(pubd, *wd, true),
                    _ => {
                        let mon = pubd.week(Weekday::Mon).first_day();
                        mon.checked_add_days(Days::new(u64::from(wd.num_days_from_monday())))
                    }
                };
                match d {
                    Some(d) => point(Point::Day(d), false, Some(Anchor::Publication), step),
                    None => unresolved("XXXX-XX-XX", "out_of_range"),
                }
            }
            Expr::Date {
                month: Some(m),
                year: None,
                day: None,
                ..
            } => {
                let (py, pm) = (pubd.year(), pubd.month());
                let y = match by {
                    -1 => {
                        if *m < pm {
                            py
                        } else {
                            py - 1
                        }
                    }
                    1 => {
                        if *m > pm {
                            py
                        } else {
                            py + 1
                        }
                    }
                    _ => py,
                };
                point(Point::Month(y, *m), false, Some(Anchor::Publication), step)
            }
            Expr::Holiday { day, year: None } => {
                let py = pubd.year();
                let d = if by < 0 {
                    (py - 2..=py)
                        .rev()
                        .filter_map(|y| day.date(y))
                        .find(|d| *d < pubd)
                } else {
                    (py..=py + 2)
                        .filter_map(|y| day.date(y))
                        .find(|d| *d > pubd)
                };
                match d {
                    Some(d) => point(Point::Day(d), false, Some(Anchor::Publication), step),
                    None => unresolved("XXXX-XX-XX", "out_of_range"),
                }
            }
            Expr::YearPart {
                part, year: None, ..
            } => {
                let py = pubd.year();
                let p = match by {
                    -1 => (py - 2..=py)
                        .rev()
                        .map(|y| Point::Part(y, *part))
                        .find(|p| p.interval().is_some_and(|(_, e)| e < pubd)),
                    1 => (py..=py + 2)
                        .map(|y| Point::Part(y, *part))
                        .find(|p| p.start().is_some_and(|s| s > pubd)),
                    _ => Some(Point::Part(py, *part)),
                };
                match p {
                    Some(p) => point(p, false, Some(Anchor::Publication), step),
                    None => unresolved("XXXX", "out_of_range"),
                }
            }
            Expr::YearPart {
                part,
                year: Some(y),
                ..
            } => point(Point::Part(*y, *part), true, None, "stated"),
            Expr::Shift {
                unit: Unit::Weekend,
                ..
            } => {
                // "the weekend": the one just past in the past tense, the coming one otherwise
                let wd = pubd.weekday();
                let this = Point::containing(pubd, Unit::Weekend);
                let p = match (self.direction(tense), wd) {
                    (_, Weekday::Sat | Weekday::Sun) => Some(this),
                    (Direction::Past, _) => this.shift(Unit::Week, -1),
                    _ => Some(this),
                };
                match p {
                    Some(p) => point(p, false, Some(Anchor::Publication), "weekend_by_tense"),
                    None => unresolved("XXXX-WXX-WE", "out_of_range"),
                }
            }
            other => self.resolve_expr(other, "directed", tense),
        }
    }
}

/// How far (days) the date the tense points to may lie from publication
/// before a much closer reading in the other direction wins, and how close
/// that reading must be. Tense is read from the nearest verb, which may not
/// govern the date ("declared a dividend, payable Dec. 15"); a date ten
/// months back is rarely meant when the same day three weeks ahead fits.
const NEAR_DAY_DATE: (i64, i64) = (200, 45);

/// Policy `NEWS_WINDOW_DAYS`: how many days before publication a story's
/// news day may be ("Friday" in a Saturday paper, a day last week). A
/// timex that is one such day is marked [`crate::Timex::news_day`].
pub const NEWS_WINDOW_DAYS: i64 = 7;

/// Whether a timex covering `first..=last` is a news day of a story
/// published on `published` (see [`NEWS_WINDOW_DAYS`]).
pub fn is_news_day(
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    published: NaiveDate,
) -> bool {
    match (first, last) {
        (Some(a), Some(b)) if a == b => {
            (0..=NEWS_WINDOW_DAYS).contains(&(published - a).num_days())
        }
        _ => false,
    }
}
/// For a month without a year told in the past tense (see `resolve_date`).
const NEAR_MONTH: (i64, i64) = (300, 45);

fn near_override(y: i32, py: i32, dist: impl Fn(i32) -> Option<i64>, limits: (i64, i64)) -> i32 {
    let (far, near) = limits;
    let Some(d) = dist(y) else { return y };
    if d <= far {
        return y;
    }
    [py - 1, py, py + 1]
        .into_iter()
        .filter(|o| *o != y)
        .filter_map(|o| dist(o).map(|x| (x, o)))
        .filter(|(x, _)| *x <= near)
        .min()
        .map(|(_, o)| o)
        .unwrap_or(y)
}

/// `LEAN_PAST`: a month or day without a year and without a verb to go by
/// ("in a statement, the chief executive blamed problems tied to the launch
/// in April") is more often one gone by than one to come: the past one,
/// unless the next one is less than half as far away.
fn leaning_past_year(py: i32, pubd: NaiveDate, pick: impl Fn(i32) -> Option<NaiveDate>) -> i32 {
    lean_year(py, pubd, pick, false, |back, ahead| {
        ahead.saturating_mul(2) < back
    })
}

/// `DEADLINE_AHEAD` for a month or a day and month: the next one on or after
/// publication, unless the last one is less than a third as far.
fn leaning_future_year(py: i32, pubd: NaiveDate, pick: impl Fn(i32) -> Option<NaiveDate>) -> i32 {
    lean_year(py, pubd, pick, true, |back, ahead| {
        back.saturating_mul(3) >= ahead
    })
}

/// The year `py` or a neighbour for the date `pick` gives in it: the last
/// one on or before publication or the next one after it (on or after, with
/// `ahead_from_publication`), whichever exists; when both do, the next one
/// if `take_ahead(days back, days ahead)`.
fn lean_year(
    py: i32,
    pubd: NaiveDate,
    pick: impl Fn(i32) -> Option<NaiveDate>,
    ahead_from_publication: bool,
    take_ahead: impl Fn(i64, i64) -> bool,
) -> i32 {
    let past = [py, py - 1]
        .into_iter()
        .find(|y| pick(*y).is_some_and(|d| d <= pubd));
    let future = [py, py + 1]
        .into_iter()
        .find(|y| pick(*y).is_some_and(|d| d > pubd || ahead_from_publication && d == pubd));
    match (past, future) {
        (Some(p), Some(f)) => {
            let back = pick(p).map_or(i64::MAX, |d| (pubd - d).num_days());
            let ahead = pick(f).map_or(i64::MAX, |d| (d - pubd).num_days());
            if take_ahead(back, ahead) {
                f
            } else {
                p
            }
        }
        (Some(p), None) => p,
        (None, Some(f)) => f,
        (None, None) => py,
    }
}

/// `DEADLINE_AHEAD` for a weekday: `from` itself when it is that weekday, else
/// the next one, unless the last one is less than a third as far.
fn deadline_weekday(from: NaiveDate, wd: Weekday) -> Option<NaiveDate> {
    let back = (7 + from.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
    if back == 0 {
        return Some(from);
    }
    let fwd = 7 - back;
    if back * 3 < fwd {
        from.checked_sub_days(Days::new(u64::from(back)))
    } else {
        from.checked_add_days(Days::new(u64::from(fwd)))
    }
}

fn closest_year(py: i32, dist: impl Fn(i32) -> Option<i64>) -> i32 {
    [py, py - 1, py + 1]
        .into_iter()
        .min_by_key(|y| dist(*y).unwrap_or(i64::MAX))
        .unwrap_or(py)
}

/// The `wd` nearest `from` in direction `dir`; `from` itself when it is that weekday.
fn weekday_near(from: NaiveDate, wd: Weekday, dir: Direction) -> Option<NaiveDate> {
    if from.weekday() == wd {
        return Some(from);
    }
    let back = (7 + from.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
    let fwd = 7 - back;
    match dir {
        Direction::Future => from.checked_add_days(Days::new(u64::from(fwd))),
        Direction::Past => from.checked_sub_days(Days::new(u64::from(back))),
        _ => {
            if back <= fwd {
                from.checked_sub_days(Days::new(u64::from(back)))
            } else {
                from.checked_add_days(Days::new(u64::from(fwd)))
            }
        }
    }
}

/// The `wd` strictly before (or after) `from`.
fn weekday_strictly(from: NaiveDate, wd: Weekday, after: bool) -> Option<NaiveDate> {
    let back = (7 + from.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
    if after {
        let fwd = if back == 0 { 7 } else { 7 - back };
        from.checked_add_days(Days::new(u64::from(fwd)))
    } else {
        let back = if back == 0 { 7 } else { back };
        from.checked_sub_days(Days::new(u64::from(back)))
    }
}

/// The resolution to `p`; a point whose year TIMEX3 cannot write (beyond
/// 9999, before 9999 BC: "next year" in 9999) is left unresolved by the step
/// `year_not_writable`, its year written as unknown (`XXXX-01-01`).
fn point(p: Point, stated: bool, anchor: Option<Anchor>, step: &'static str) -> Resolved {
    if !p.is_writable() {
        return unresolved(&p.value(), "year_not_writable");
    }
    Resolved {
        value: p.value(),
        point: Some(p),
        anchor,
        stated,
        step,
    }
}

fn fixed(v: &str, step: &'static str, anchor: Option<Anchor>) -> Resolved {
    Resolved {
        value: v.to_string(),
        point: None,
        anchor,
        stated: anchor.is_none(),
        step,
    }
}

fn unresolved(v: &str, step: &'static str) -> Resolved {
    Resolved {
        value: v.to_string(),
        point: None,
        anchor: None,
        stated: false,
        step,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weekdays_follow_tense() {
        let fri = d("2017-05-05");
        assert_eq!(
            weekday_near(fri, Weekday::Wed, Direction::Past),
            Some(d("2017-05-03"))
        );
        assert_eq!(
            weekday_near(fri, Weekday::Wed, Direction::Future),
            Some(d("2017-05-10"))
        );
        assert_eq!(
            weekday_near(fri, Weekday::Fri, Direction::Future),
            Some(fri)
        );
        assert_eq!(
            weekday_near(fri, Weekday::Sat, Direction::Closest),
            Some(d("2017-05-06"))
        );
        assert_eq!(
            weekday_strictly(fri, Weekday::Fri, false),
            Some(d("2017-04-28"))
        );
    }
}
