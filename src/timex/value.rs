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

/// The years a TIMEX3 value can write, in chrono's astronomical numbering
/// (year 0 is 1 BC, year -1 is 2 BC): 9999 BC (`BC9999`) to 9999.
///
/// TIMEX3 writes years with four digits; years before 1 AD take the TimeML
/// `BC` prefix with the historical (1-based) year: astronomical 0 is
/// `BC0001`, -1 is `BC0002`, -9998 is `BC9999`. There is no `BC0000`, and
/// `0000` is never written (a reader takes it as ISO 8601's year 0, the
/// same year as `BC0001`).
pub const WRITABLE_YEARS: std::ops::RangeInclusive<i32> = -9998..=9999;

/// The TIMEX3 spelling of astronomical year `y`, or `None` outside
/// [`WRITABLE_YEARS`].
#[cfg(test)]
fn year_str(y: i32) -> Option<String> {
    match y {
        1..=9999 => Some(format!("{y:04}")),
        -9998..=0 => Some(format!("BC{:04}", 1 - y)),
        _ => None,
    }
}

/// Reads a TIMEX3 year (`2017`, `0000`, `BC0044`) into an astronomical year.
fn parse_year(s: &str) -> Option<i32> {
    let digits = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
    match s.strip_prefix("BC") {
        Some(bc) if digits(bc) => match bc.parse::<i32>().ok()? {
            0 => None,
            n => Some(1 - n),
        },
        Some(_) => None,
        None if digits(s) => s.parse().ok(),
        None => None,
    }
}

impl Point {
    /// The TIMEX3 value string. A year outside [`WRITABLE_YEARS`] (a
    /// century outside `00`-`99`, a decade outside `000`-`999`) is written
    /// as unknown (`XXXX-01-01`, `XX`), so the value is always well-formed;
    /// [`Point::is_writable`] tells when that happens.
    ///
    /// # Example
    /// ```
    /// use chronicler::timex::value::Point;
    /// assert_eq!(Point::Week(2017, 18).value(), "2017-W18");
    /// assert_eq!(Point::Year(-43).value(), "BC0044");
    /// assert_eq!(Point::Month(10000, 1).value(), "XXXX-01");
    /// ```
    pub fn value(&self) -> String {
        // written piece by piece into one string: a value is made for
        // every timex, and `format!` costs more than the writing
        let mut out = String::with_capacity(16);
        match *self {
            Point::Century(c) if (0..=99).contains(&c) => {
                push_number(&mut out, c.unsigned_abs(), 2)
            }
            Point::Century(_) => out.push_str("XX"),
            Point::Decade(d) if (0..=999).contains(&d) => {
                push_number(&mut out, d.unsigned_abs(), 3)
            }
            Point::Decade(_) => out.push_str("XXX"),
            Point::Year(y) => push_year(&mut out, y),
            Point::Part(y, p) => {
                push_year(&mut out, y);
                out.push('-');
                out.push_str(&p.code());
            }
            Point::Month(y, m) => {
                push_year(&mut out, y);
                out.push('-');
                push_number(&mut out, m, 2);
            }
            Point::Week(y, w) | Point::Weekend(y, w) => {
                push_year(&mut out, y);
                out.push_str("-W");
                push_number(&mut out, w, 2);
                if matches!(self, Point::Weekend(..)) {
                    out.push_str("-WE");
                }
            }
            Point::Day(d) => push_day(&mut out, d),
            Point::DayPart(d, p) => {
                push_day(&mut out, d);
                out.push('T');
                out.push_str(p.code());
            }
            Point::Clock(d, h, m) => {
                push_day(&mut out, d);
                out.push('T');
                push_number(&mut out, h, 2);
                out.push(':');
                push_number(&mut out, m, 2);
            }
        }
        out
    }

    /// Whether [`Point::value`] can write this point's year: a year in
    /// [`WRITABLE_YEARS`], a century in `00`-`99` (the 1st to the 100th
    /// century AD), a decade in `000`-`999`.
    ///
    /// # Example
    /// ```
    /// use chronicler::timex::value::Point;
    /// assert!(Point::Year(9999).is_writable());
    /// assert!(Point::Year(-9998).is_writable()); // BC9999
    /// assert!(!Point::Year(10000).is_writable());
    /// assert!(!Point::Century(-1).is_writable());
    /// ```
    pub fn is_writable(&self) -> bool {
        match *self {
            Point::Century(c) => (0..=99).contains(&c),
            Point::Decade(d) => (0..=999).contains(&d),
            Point::Year(y)
            | Point::Part(y, _)
            | Point::Month(y, _)
            | Point::Week(y, _)
            | Point::Weekend(y, _) => WRITABLE_YEARS.contains(&y),
            Point::Day(d) | Point::DayPart(d, _) | Point::Clock(d, _, _) => {
                WRITABLE_YEARS.contains(&d.year())
            }
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

/// Writes `n` in decimal, zero-padded to `width` digits, as `{n:0width$}`.
fn push_number(out: &mut String, n: u32, width: usize) {
    let mut digits = [0u8; 20];
    let digits = crate::write::json::decimal(u64::from(n), &mut digits);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.extend(digits.iter().map(|&d| char::from(d)));
}

/// Writes year `y` (`2017`, `0001`, `BC0044` for -43), `XXXX` when it has
/// more than four digits.
fn push_year(out: &mut String, y: i32) {
    match y {
        1..=9999 => push_number(out, y.unsigned_abs(), 4),
        -9998..=0 => {
            out.push_str("BC");
            push_number(out, (1 - y).unsigned_abs(), 4);
        }
        _ => out.push_str("XXXX"),
    }
}

/// Writes day `d` as `YYYY-MM-DD` (the year as [`push_year`]).
fn push_day(out: &mut String, d: NaiveDate) {
    push_year(out, d.year());
    out.push('-');
    push_number(out, d.month(), 2);
    out.push('-');
    push_number(out, d.day(), 2);
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

/// Parses a DATE/TIME value with no unknown parts into a [`Point`]; `BC`
/// years (`BC0044`) become astronomical years (-43), see [`WRITABLE_YEARS`].
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
        _ => {
            let year = parse_year(y)?;
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

/// Whether `value` is a well-formed TIMEX3 value (dates and times with `X`
/// placeholders, durations, sets, the vague references). Years have four
/// digits, `BC` before them for years before 1 AD (`BC0044`; there is no
/// `BC0000`): every value [`Point::value`] writes is well-formed.
pub fn is_well_formed(value: &str) -> bool {
    if matches!(value, "PAST_REF" | "PRESENT_REF" | "FUTURE_REF") {
        return true;
    }
    if let Some(rest) = value.strip_prefix('P') {
        return is_duration(rest);
    }
    // Replace X placeholders by digits of the same shape and parse; an
    // unknown year by 2004, which has a February 29 and an ISO week 53
    // (`XXXX-02-29` is a well-formed value).
    let value = match value.strip_prefix("XXXX") {
        Some(rest) => format!("2004{rest}"),
        None => value.to_string(),
    };
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

    /// [`Point::value`] as first written, with `format!`.
    fn value_by_format(p: &Point) -> String {
        let year = |y: i32| year_str(y).unwrap_or_else(|| "XXXX".to_string());
        let day_str = |d: NaiveDate| format!("{}-{:02}-{:02}", year(d.year()), d.month(), d.day());
        match *p {
            Point::Century(c) if (0..=99).contains(&c) => format!("{c:02}"),
            Point::Century(_) => "XX".to_string(),
            Point::Decade(d) if (0..=999).contains(&d) => format!("{d:03}"),
            Point::Decade(_) => "XXX".to_string(),
            Point::Year(y) => year(y),
            Point::Part(y, p) => format!("{}-{}", year(y), p.code()),
            Point::Month(y, m) => format!("{}-{m:02}", year(y)),
            Point::Week(y, w) => format!("{}-W{w:02}", year(y)),
            Point::Weekend(y, w) => format!("{}-W{w:02}-WE", year(y)),
            Point::Day(d) => day_str(d),
            Point::DayPart(d, p) => format!("{}T{}", day_str(d), p.code()),
            Point::Clock(d, h, m) => format!("{}T{h:02}:{m:02}", day_str(d)),
        }
    }

    #[test]
    fn values_are_written_as_format_writes_them() {
        let years = [
            -20000,
            -9999,
            -9998,
            -43,
            -1,
            0,
            1,
            9,
            10,
            99,
            100,
            999,
            1000,
            2017,
            9999,
            10000,
            i32::MIN,
            i32::MAX,
        ];
        let mut points = Vec::new();
        for &y in &years {
            points.extend([
                Point::Century(y),
                Point::Decade(y),
                Point::Year(y),
                Point::Part(y, YearPart::Quarter(3)),
                Point::Part(y, YearPart::Summer),
            ]);
            for n in [0, 1, 9, 10, 12, 53, 99, 100, 12345, u32::MAX] {
                points.extend([Point::Month(y, n), Point::Week(y, n), Point::Weekend(y, n)]);
            }
            if let Some(d) = NaiveDate::from_ymd_opt(y, 3, 7) {
                points.extend([Point::Day(d), Point::DayPart(d, DayPart::Evening)]);
                for (h, m) in [(0, 0), (9, 5), (23, 59), (24, 60), (100, 1000)] {
                    points.push(Point::Clock(d, h, m));
                }
            }
        }
        for d in [NaiveDate::MIN, NaiveDate::MAX] {
            points.extend([Point::Day(d), Point::Clock(d, 7, 30)]);
        }
        for p in &points {
            assert_eq!(p.value(), value_by_format(p), "{p:?}");
        }
    }

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
    fn bc_years_are_one_based() {
        // Astronomical year 0 is 1 BC, -1 is 2 BC; TIMEX3 writes BC0001, BC0002.
        assert_eq!(Point::Year(0).value(), "BC0001");
        assert_eq!(Point::Year(-1).value(), "BC0002");
        assert_eq!(Point::Year(-43).value(), "BC0044");
        assert_eq!(Point::Year(-9998).value(), "BC9999");
        assert_eq!(Point::Year(1).value(), "0001");
        assert_eq!(Point::Day(d("0000-12-31")).value(), "BC0001-12-31");
        assert_eq!(Point::Day(d("0001-01-01")).value(), "0001-01-01");
        assert_eq!(Point::Week(-1, 52).value(), "BC0002-W52");
        for v in [
            "BC0001",
            "BC0002-12",
            "BC0044-03-15",
            "BC0001-12-31T23:59",
            "BC0001-W52",
            "BC0001-W52-WE",
            "BC9999-Q1",
            "BC0001-12-31TNI",
        ] {
            let p = parse_point(v).unwrap_or_else(|| panic!("{v}"));
            assert_eq!(p.value(), v);
            assert!(p.is_writable() && is_well_formed(v), "{v}");
        }
        assert_eq!(parse_point("BC0001"), Some(Point::Year(0)));
        assert_eq!(parse_point("BC0044"), Some(Point::Year(-43)));
        // ISO 8601's year 0000 is read as the same year, and written BC0001.
        assert_eq!(parse_point("0000"), Some(Point::Year(0)));
        assert_eq!(
            parse_point("0000").map(|p| p.value()).as_deref(),
            Some("BC0001")
        );
        for v in ["BC0000", "BC44", "BC00044", "-0001", "bc0001", "BC"] {
            assert!(!is_well_formed(v), "{v}");
        }
    }

    #[test]
    fn years_beyond_four_digits_are_written_unknown() {
        // Never a five-digit year or a minus sign: the year is unknown.
        let cases = [
            (Point::Year(10000), "XXXX"),
            (Point::Year(-9999), "XXXX"),
            (Point::Year(i32::MAX), "XXXX"),
            (Point::Month(10000, 1), "XXXX-01"),
            (Point::Part(12000, YearPart::Quarter(2)), "XXXX-Q2"),
            (Point::Week(10000, 1), "XXXX-W01"),
            (Point::Weekend(-10000, 1), "XXXX-W01-WE"),
            (Point::Day(d("+10000-01-01")), "XXXX-01-01"),
            (Point::Clock(d("+10000-01-01"), 9, 30), "XXXX-01-01T09:30"),
            (Point::Day(d("-9999-12-31")), "XXXX-12-31"),
            (Point::Day(d("+10400-02-29")), "XXXX-02-29"),
            (Point::Week(10004, 53), "XXXX-W53"),
            (Point::Century(100), "XX"),
            (Point::Century(-1), "XX"),
            (Point::Decade(1000), "XXX"),
            (Point::Decade(-1), "XXX"),
        ];
        for (p, v) in cases {
            assert_eq!(p.value(), v, "{p:?}");
            assert!(!p.is_writable(), "{p:?}");
            assert!(is_well_formed(v), "{v}");
        }
        for p in [
            Point::Year(9999),
            Point::Century(0),
            Point::Century(99),
            Point::Decade(0),
            Point::Decade(999),
        ] {
            assert!(p.is_writable(), "{p:?}");
            assert!(is_well_formed(&p.value()), "{p:?}");
        }
        for v in ["10000", "10000-01-01", "99999", "BC10000"] {
            assert!(!is_well_formed(v), "{v}");
            assert!(parse_point(v).is_none(), "{v}");
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
