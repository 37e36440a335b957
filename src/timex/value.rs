//! TIMEX3 values: the calendar [`Point`]s the resolver produces, their
//! value strings, the interval of days each covers, and a parser that reads
//! any TIMEX3 value string back (for TimeML input, the timeline and tests).

use super::expr::{DayPart, Unit, YearPart};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// A resolved calendar value at some granularity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    /// `19` = the 1900s (the 20th century).
    Century(i32),
    /// `199` = the 1990s.
    Decade(i32),
    /// `2017`.
    Year(i32),
    /// `2017-H1`, `2017-Q3`, `2017-SU`.
    Part(i32, YearPart),
    /// `2017-05`.
    Month(i32, u32),
    /// ISO week: `2017-W18`.
    Week(i32, u32),
    /// `2017-W18-WE`.
    Weekend(i32, u32),
    /// `2017-05-03`.
    Day(NaiveDate),
    /// `2017-05-03TNI`.
    DayPart(NaiveDate, DayPart),
    /// `2017-05-03T10:30` (hour 24 = end of the day).
    Clock(NaiveDate, u32, u32),
}

fn year_str(y: i32) -> String {
    if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else if y < 0 {
        format!("BC{:04}", -(y as i64))
    } else {
        format!("{y}")
    }
}

impl Point {
    /// The TIMEX3 value string.
    ///
    /// # Example
    /// ```
    /// use chronicler::timex::value::Point;
    /// assert_eq!(Point::Week(2017, 18).value(), "2017-W18");
    /// ```
    pub fn value(&self) -> String {
        match *self {
            Point::Century(c) => format!("{c:02}"),
            Point::Decade(d) => format!("{d:03}"),
            Point::Year(y) => year_str(y),
            Point::Part(y, p) => format!("{}-{}", year_str(y), p.code()),
            Point::Month(y, m) => format!("{}-{m:02}", year_str(y)),
            Point::Week(y, w) => format!("{}-W{w:02}", year_str(y)),
            Point::Weekend(y, w) => format!("{}-W{w:02}-WE", year_str(y)),
            Point::Day(d) => day_str(d),
            Point::DayPart(d, p) => format!("{}T{}", day_str(d), p.code()),
            Point::Clock(d, h, m) => format!("{}T{h:02}:{m:02}", day_str(d)),
        }
    }

    /// The granularity of the point.
    pub fn unit(&self) -> Unit {
        match self {
            Point::Century(_) => Unit::Century,
            Point::Decade(_) => Unit::Decade,
            Point::Year(_) => Unit::Year,
            Point::Part(_, p) => p.unit(),
            Point::Month(..) => Unit::Month,
            Point::Week(..) => Unit::Week,
            Point::Weekend(..) => Unit::Weekend,
            Point::Day(_) => Unit::Day,
            Point::DayPart(..) => Unit::PartOfDay,
            Point::Clock(..) => Unit::Minute,
        }
    }

    /// First and last day covered (inclusive); `None` outside chrono's range.
    pub fn interval(&self) -> Option<(NaiveDate, NaiveDate)> {
        let ymd = NaiveDate::from_ymd_opt;
        match *self {
            Point::Century(c) => {
                Some((ymd(c.checked_mul(100)?, 1, 1)?, ymd(c * 100 + 99, 12, 31)?))
            }
            Point::Decade(d) => Some((ymd(d.checked_mul(10)?, 1, 1)?, ymd(d * 10 + 9, 12, 31)?)),
            Point::Year(y) => Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?)),
            Point::Part(y, p) => {
                let (a, b) = p.months();
                let first = ymd(y, a, 1)?;
                let last_month_start = first.checked_add_months(Months::new(b - a))?;
                Some((first, month_end(last_month_start)?))
            }
            Point::Month(y, m) => {
                let first = ymd(y, m, 1)?;
                Some((first, month_end(first)?))
            }
            Point::Week(y, w) => {
                let mon = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)?;
                Some((mon, mon.checked_add_days(Days::new(6))?))
            }
            Point::Weekend(y, w) => {
                let sat = NaiveDate::from_isoywd_opt(y, w, Weekday::Sat)?;
                Some((sat, sat.checked_add_days(Days::new(1))?))
            }
            Point::Day(d) | Point::DayPart(d, _) | Point::Clock(d, _, _) => Some((d, d)),
        }
    }

    /// The first day covered.
    pub fn start(&self) -> Option<NaiveDate> {
        self.interval().map(|(a, _)| a)
    }

    /// The point of granularity `unit` that contains `date`.
    pub fn containing(date: NaiveDate, unit: Unit) -> Point {
        let y = date.year();
        match unit {
            Unit::Millennium | Unit::Century => Point::Century(y.div_euclid(100)),
            Unit::Decade => Point::Decade(y.div_euclid(10)),
            Unit::Year => Point::Year(y),
            Unit::Half => Point::Part(y, YearPart::Half(if date.month() <= 6 { 1 } else { 2 })),
            Unit::Quarter => Point::Part(y, YearPart::Quarter(((date.month() - 1) / 3 + 1) as u8)),
            Unit::Season => {
                let (sy, part) = match date.month() {
                    3..=5 => (y, YearPart::Spring),
                    6..=8 => (y, YearPart::Summer),
                    9..=11 => (y, YearPart::Fall),
                    12 => (y, YearPart::Winter),
                    _ => (y - 1, YearPart::Winter),
                };
                Point::Part(sy, part)
            }
            Unit::Month => Point::Month(y, date.month()),
            Unit::Week | Unit::Fortnight => {
                let w = date.iso_week();
                Point::Week(w.year(), w.week())
            }
            Unit::Weekend => {
                let w = date.iso_week();
                Point::Weekend(w.year(), w.week())
            }
            _ => Point::Day(date),
        }
    }

    /// The point `n` units of `by` away, expressed at this point's own
    /// granularity when that is finer than `by`, else at `by`'s.
    pub fn shift(&self, by: Unit, n: i64) -> Option<Point> {
        let start = self.start()?;
        let moved = shift_date(start, by, n)?;
        let gran = if self.unit() > by && self.unit() <= Unit::Day {
            self.unit()
        } else {
            by
        };
        Some(match (gran, self) {
            (Unit::PartOfDay, Point::DayPart(_, p)) => Point::DayPart(moved, *p),
            (Unit::Season, Point::Part(_, p)) => {
                // keep the same season, move the year
                let years = (moved.year() - start.year()) as i64;
                return Some(Point::Part(self.year()?.checked_add(years as i32)?, *p));
            }
            _ => Point::containing(moved, gran),
        })
    }

    fn year(&self) -> Option<i32> {
        match *self {
            Point::Year(y) | Point::Part(y, _) | Point::Month(y, _) => Some(y),
            _ => self.start().map(|d| d.year()),
        }
    }
}

/// Moves `date` by `n` units (months and years keep the day, clamped to the month).
pub fn shift_date(date: NaiveDate, unit: Unit, n: i64) -> Option<NaiveDate> {
    let months = |k: i64| -> Option<NaiveDate> {
        let k = n.checked_mul(k)?;
        let m = Months::new(u32::try_from(k.unsigned_abs()).ok()?);
        if k >= 0 {
            date.checked_add_months(m)
        } else {
            date.checked_sub_months(m)
        }
    };
    let days = |k: i64| -> Option<NaiveDate> {
        let k = n.checked_mul(k)?;
        let d = Days::new(k.unsigned_abs());
        if k >= 0 {
            date.checked_add_days(d)
        } else {
            date.checked_sub_days(d)
        }
    };
    match unit {
        Unit::Millennium => months(12_000),
        Unit::Century => months(1200),
        Unit::Decade => months(120),
        Unit::Year => months(12),
        Unit::Half => months(6),
        Unit::Quarter | Unit::Season => months(3),
        Unit::Month => months(1),
        Unit::Fortnight => days(14),
        Unit::Week | Unit::Weekend => days(7),
        Unit::Day | Unit::PartOfDay => days(1),
        Unit::Hour | Unit::Minute | Unit::Second => Some(date),
    }
}

fn month_end(first: NaiveDate) -> Option<NaiveDate> {
    first.checked_add_months(Months::new(1))?.pred_opt()
}

fn day_str(d: NaiveDate) -> String {
    format!("{}-{:02}-{:02}", year_str(d.year()), d.month(), d.day())
}

/// Reads a TIMEX3 DATE/TIME value back into the days it covers. Values
/// with unknown parts (`XXXX-04`, `PAST_REF`, durations) give `None`.
///
/// # Example
/// ```
/// use chronicler::timex::value::interval_of;
/// let (a, b) = interval_of("2017-W18").unwrap();
/// assert_eq!((a.to_string(), b.to_string()), ("2017-05-01".into(), "2017-05-07".into()));
/// ```
pub fn interval_of(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    parse_point(value)?.interval()
}

/// Parses a DATE/TIME value with no unknown parts into a [`Point`].
pub fn parse_point(value: &str) -> Option<Point> {
    let v = value.trim();
    let (date_part, time_part) = match v.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    let num = |s: &str| -> Option<i32> {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let mut parts = date_part.split('-');
    let y = parts.next()?;
    let point = match y.len() {
        2 if time_part.is_none() => return Some(Point::Century(num(y)?)),
        3 if time_part.is_none() => return Some(Point::Decade(num(y)?)),
        4 => {
            let year = num(y)?;
            match (parts.next(), parts.next(), parts.next()) {
                (None, None, None) => Point::Year(year),
                (Some(p), None, None) if p.starts_with('W') && num(&p[1..]).is_some() => {
                    Point::Week(year, num(&p[1..])? as u32)
                }
                (Some(p), Some(d), None) if p.starts_with('W') && d.len() == 1 => {
                    let wd = match d {
                        "1" => Weekday::Mon,
                        "2" => Weekday::Tue,
                        "3" => Weekday::Wed,
                        "4" => Weekday::Thu,
                        "5" => Weekday::Fri,
                        "6" => Weekday::Sat,
                        "7" => Weekday::Sun,
                        _ => return None,
                    };
                    Point::Day(NaiveDate::from_isoywd_opt(year, num(&p[1..])? as u32, wd)?)
                }
                (Some(p), Some("WE"), None) if p.starts_with('W') => {
                    Point::Weekend(year, num(&p[1..])? as u32)
                }
                (Some(p), None, None) => match p {
                    "Q1" | "Q2" | "Q3" | "Q4" => {
                        Point::Part(year, YearPart::Quarter(p.as_bytes()[1] - b'0'))
                    }
                    "H1" | "H2" => Point::Part(year, YearPart::Half(p.as_bytes()[1] - b'0')),
                    "SP" => Point::Part(year, YearPart::Spring),
                    "SU" => Point::Part(year, YearPart::Summer),
                    "FA" => Point::Part(year, YearPart::Fall),
                    "WI" => Point::Part(year, YearPart::Winter),
                    _ => {
                        let m = num(p)? as u32;
                        if !(1..=12).contains(&m) || p.len() != 2 {
                            return None;
                        }
                        Point::Month(year, m)
                    }
                },
                (Some(m), Some(d), None) if m.len() == 2 && d.len() == 2 => Point::Day(
                    NaiveDate::from_ymd_opt(year, num(m)? as u32, num(d)? as u32)?,
                ),
                _ => return None,
            }
        }
        _ => return None,
    };
    match (time_part, point) {
        (None, p) => Some(p),
        (Some(t), Point::Day(d)) => {
            let part = match t {
                "MO" => Some(DayPart::Morning),
                "MI" => Some(DayPart::Midday),
                "AF" => Some(DayPart::Afternoon),
                "EV" => Some(DayPart::Evening),
                "NI" => Some(DayPart::Night),
                "DT" => Some(DayPart::Daytime),
                _ => None,
            };
            if let Some(p) = part {
                return Some(Point::DayPart(d, p));
            }
            let hm = t.trim_end_matches('Z');
            let mut it = hm.split(':');
            let h = num(it.next()?)? as u32;
            let m = it.next().map(num).unwrap_or(Some(0))? as u32;
            if h > 24 || m > 59 {
                return None;
            }
            Some(Point::Clock(d, h, m))
        }
        _ => None,
    }
}

/// Whether `value` is a well-formed TIMEX3 value for `kind` (dates and
/// times with `X` placeholders, durations, sets, the vague references).
pub fn is_well_formed(value: &str) -> bool {
    if matches!(value, "PAST_REF" | "PRESENT_REF" | "FUTURE_REF") {
        return true;
    }
    if let Some(rest) = value.strip_prefix('P') {
        return is_duration(rest);
    }
    // Replace X placeholders by digits of the same shape and parse.
    let filled: String = value
        .chars()
        .map(|c| if c == 'X' { '1' } else { c })
        .collect();
    let filled = filled.replace("W11", "W01").replace("-11-", "-01-");
    parse_point(&filled).is_some() || parse_point(&filled.replace("11-11", "01-01")).is_some()
}

fn is_duration(rest: &str) -> bool {
    if rest.is_empty() {
        return false;
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let ok = |s: &str, units: &[&str]| -> bool {
        let mut s = s;
        let mut any = false;
        while !s.is_empty() {
            let n = s
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'X'))
                .unwrap_or(s.len());
            if n == 0 {
                return false;
            }
            let after = &s[n..];
            match units.iter().find(|u| after.starts_with(**u)) {
                Some(u) => {
                    s = &after[u.len()..];
                    any = true;
                }
                None => return false,
            }
        }
        any
    };
    let date_ok = date.is_empty()
        || ok(
            date,
            &["DE", "CE", "ML", "WE", "Y", "M", "W", "D", "Q", "E"],
        );
    let time_ok = time.map(|t| ok(t, &["H", "M", "S"])).unwrap_or(true);
    date_ok && time_ok && !(date.is_empty() && time.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn round_trip_values() {
        for v in [
            "2017",
            "2017-05",
            "2017-W18",
            "2017-W18-WE",
            "2017-05-03",
            "2017-05-03TNI",
            "2017-05-03T10:30",
            "2017-Q3",
            "2017-H1",
            "2017-SU",
            "199",
            "18",
        ] {
            let p = parse_point(v).unwrap_or_else(|| panic!("{v}"));
            assert_eq!(p.value(), v);
            assert!(is_well_formed(v));
        }
        for v in [
            "P3D",
            "PT2H",
            "PXY",
            "P1DE",
            "XXXX-WXX-1",
            "XXXX-XX-XXTNI",
            "PRESENT_REF",
        ] {
            assert!(is_well_formed(v), "{v}");
        }
        for v in ["", "P", "2017-13", "20170", "hello", "2017-02-30"] {
            assert!(!is_well_formed(v), "{v}");
        }
    }

    #[test]
    fn shifts_keep_finer_granularity() {
        let q = Point::Part(1989, YearPart::Quarter(3));
        assert_eq!(q.shift(Unit::Year, -1).unwrap().value(), "1988-Q3");
        let day = Point::Day(d("2017-03-01"));
        assert_eq!(day.shift(Unit::Day, 2).unwrap().value(), "2017-03-03");
        assert_eq!(day.shift(Unit::Week, -2).unwrap().value(), "2017-02-15");
        let pubd = Point::Day(d("2017-05-05"));
        assert_eq!(
            Point::containing(d("2017-05-05"), Unit::Week)
                .shift(Unit::Week, -1)
                .unwrap()
                .value(),
            "2017-W17"
        );
        assert_eq!(pubd.shift(Unit::Month, -1).unwrap().value(), "2017-04-05");
    }

    #[test]
    fn intervals() {
        let (a, b) = interval_of("2016-WI").unwrap();
        assert_eq!((a, b), (d("2016-12-01"), d("2017-02-28")));
        let (a, b) = interval_of("199").unwrap();
        assert_eq!((a, b), (d("1990-01-01"), d("1999-12-31")));
        assert!(interval_of("PAST_REF").is_none());
    }
}
