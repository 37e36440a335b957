//! Word tables: month and weekday names, number words, ordinals, units and
//! parts of the day, each with the regex fragment that matches it and the
//! function that reads it. Rules (`rules.rs`) build their patterns from
//! these fragments so every spelling lives in one place.

use super::expr::{DayPart, Unit};
use chrono::Weekday;
use std::borrow::Cow;

/// Month names and abbreviations, case-sensitive (capitalised or all caps),
/// so that the verbs "may" and "march" are not months.
pub const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?|JAN\.?|FEB\.?|MAR\.|APR\.?|JUN\.|JUL\.|AUG\.?|SEPT?\.?|OCT\.?|NOV\.?|DEC\.?)";

/// Weekday names (capitalised or all caps) and common abbreviations with a dot.
pub const WEEKDAY: &str = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY|Mon\.|Tues?\.|Wed\.|Thur?s?\.|Fri\.|Sat\.)";

/// Number words and digits, for counts of units.
pub const NUMBER: &str = r"(?:\d{1,3}(?:,\d{3})+|\d+\s+1/2|\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a hundred|one hundred|a dozen|a couple of|a couple|couple of|a few|a|an|several|few|many|some|dozens of|hundreds of|half a|half an)";

/// Ordinal words and numbers up to 31.
pub const ORDINAL: &str = r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first|twenty-second|twenty-third|twenty-fourth|twenty-fifth|twenty-sixth|twenty-seventh|twenty-eighth|twenty-ninth|thirtieth|thirty-first)";

/// Calendar units, singular or plural (lowercase).
pub const UNIT: &str = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|centuries|century|millennium|millennia)";

/// Month names, January first, for writing dates out.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `s` with its ASCII letters lowercased: in `buf` when it fits (most
/// words), without allocating.
fn lower<'b>(s: &str, buf: &'b mut [u8; 24]) -> Cow<'b, str> {
    match buf.get_mut(..s.len()) {
        Some(b) => {
            b.copy_from_slice(s.as_bytes());
            b.make_ascii_lowercase();
            // (lowercasing ASCII letters keeps UTF-8 valid)
            match std::str::from_utf8(b) {
                Ok(l) => Cow::Borrowed(l),
                Err(_) => Cow::Owned(s.to_ascii_lowercase()),
            }
        }
        None => Cow::Owned(s.to_ascii_lowercase()),
    }
}

/// The first three bytes of `s` lowercased, when they are whole characters.
fn head3(s: &str) -> Option<[u8; 3]> {
    let h = s.get(..3)?;
    let mut k = [0u8; 3];
    k.copy_from_slice(h.as_bytes());
    k.make_ascii_lowercase();
    Some(k)
}

/// Reads a month name or abbreviation.
pub fn month(s: &str) -> Option<u32> {
    let m = match &head3(s.trim_end_matches('.'))? {
        b"jan" => 1,
        b"feb" => 2,
        b"mar" => 3,
        b"apr" => 4,
        b"may" => 5,
        b"jun" => 6,
        b"jul" => 7,
        b"aug" => 8,
        b"sep" => 9,
        b"oct" => 10,
        b"nov" => 11,
        b"dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// Reads a weekday name or abbreviation.
pub fn weekday(s: &str) -> Option<Weekday> {
    let w = match &head3(s.trim_end_matches('.'))? {
        b"mon" => Weekday::Mon,
        b"tue" => Weekday::Tue,
        b"wed" => Weekday::Wed,
        b"thu" => Weekday::Thu,
        b"fri" => Weekday::Fri,
        b"sat" => Weekday::Sat,
        b"sun" => Weekday::Sun,
        _ => return None,
    };
    Some(w)
}

const SMALL: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Reads a count: `Some(n)` for a number, `None` for a vague amount
/// ("several", "a few"), with `Err(())` for anything else.
#[allow(clippy::result_unit_err)]
pub fn number(s: &str) -> Result<Option<f64>, ()> {
    let mut buf = [0u8; 24];
    let l = lower(s.trim(), &mut buf);
    let l: &str = &l;
    match l {
        "a" | "an" | "one" => return Ok(Some(1.0)),
        "half a" | "half an" => return Ok(Some(0.5)),
        "a couple of" | "a couple" | "couple of" => return Ok(Some(2.0)),
        "a dozen" => return Ok(Some(12.0)),
        "a hundred" | "one hundred" => return Ok(Some(100.0)),
        "a few" | "few" | "several" | "many" | "some" | "dozens of" | "hundreds of" => {
            return Ok(None)
        }
        _ => {}
    }
    if l.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        if let Some(whole) = l.strip_suffix("1/2") {
            return whole
                .trim()
                .parse::<f64>()
                .map(|w| Some(w + 0.5))
                .map_err(|_| ());
        }
        if !l.contains(',') {
            return l.parse::<f64>().map(Some).map_err(|_| ());
        }
        return l.replace(',', "").parse::<f64>().map(Some).map_err(|_| ());
    }
    if let Some(i) = SMALL.iter().position(|w| *w == l) {
        return Ok(Some(i as f64));
    }
    let mut parts = l.split(['-', ' ']);
    let tens = parts.next().ok_or(())?;
    let t = TENS.iter().position(|w| *w == tens).ok_or(())? as f64;
    let mut n = 20.0 + 10.0 * t;
    if let Some(u) = parts.next() {
        let u = SMALL[1..10].iter().position(|w| *w == u).ok_or(())? as f64 + 1.0;
        n += u;
    }
    Ok(Some(n))
}

/// Reads an ordinal ("3rd", "third", "twenty-first").
pub fn ordinal(s: &str) -> Option<u32> {
    let mut buf = [0u8; 24];
    let l = lower(s, &mut buf);
    let l: &str = &l;
    if l.chars().next()?.is_ascii_digit() {
        return l
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .ok();
    }
    const ORD: [&str; 20] = [
        "",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    if let Some(i) = ORD.iter().skip(1).position(|w| *w == l) {
        return Some(i as u32 + 1);
    }
    match l {
        "twentieth" => return Some(20),
        "thirtieth" => return Some(30),
        _ => {}
    }
    let (tens, unit) = l.split_once('-')?;
    let base = match tens {
        "twenty" => 20,
        "thirty" => 30,
        _ => return None,
    };
    let u = ORD[1..10].iter().position(|w| *w == unit)? as u32 + 1;
    Some(base + u)
}

/// Reads a unit word (singular or plural).
pub fn unit(s: &str) -> Option<Unit> {
    let mut buf = [0u8; 24];
    let l = lower(s, &mut buf);
    let l: &str = &l;
    let u = match l {
        "century" | "centuries" => Unit::Century,
        "millennium" | "millennia" => Unit::Millennium,
        _ => match l.trim_end_matches('s') {
            "second" => Unit::Second,
            "minute" => Unit::Minute,
            "hour" => Unit::Hour,
            "day" | "night" => Unit::Day,
            "week" => Unit::Week,
            "weekend" => Unit::Weekend,
            "fortnight" => Unit::Fortnight,
            "month" => Unit::Month,
            "quarter" => Unit::Quarter,
            "year" => Unit::Year,
            "decade" => Unit::Decade,
            _ => return None,
        },
    };
    Some(u)
}

/// Reads a part-of-day word.
pub fn day_part(s: &str) -> Option<DayPart> {
    let mut buf = [0u8; 24];
    let p = match &*lower(s, &mut buf) {
        "morning" | "mornings" | "dawn" | "daybreak" | "sunrise" => DayPart::Morning,
        "afternoon" | "afternoons" => DayPart::Afternoon,
        "evening" | "evenings" | "dusk" | "sunset" => DayPart::Evening,
        "night" | "nights" | "overnight" => DayPart::Night,
        "midday" => DayPart::Midday,
        "daytime" => DayPart::Daytime,
        _ => return None,
    };
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number("twenty-four"), Ok(Some(24.0)));
        assert_eq!(number("twenty four"), Ok(Some(24.0)));
        assert_eq!(number("1,000"), Ok(Some(1000.0)));
        assert_eq!(number("several"), Ok(None));
        assert_eq!(number("eleven"), Ok(Some(11.0)));
        assert!(number("gazillion").is_err());
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal("3rd"), Some(3));
        assert_eq!(ordinal("twenty-first"), Some(21));
        assert_eq!(ordinal("thirtieth"), Some(30));
        assert_eq!(ordinal("ninth"), Some(9));
    }

    proptest::proptest! {
        /// The readers lowercase into a buffer what `to_ascii_lowercase`
        /// would copy: the same string, for short and long words, any case,
        /// any characters; the first three bytes as the copy's.
        #[test]
        fn lowercasing_in_a_buffer_is_the_copy(s in "[a-zA-Z0-9 ,.'é\u{212A}-]{0,30}") {
            let mut buf = [0u8; 24];
            let copy = s.to_ascii_lowercase();
            proptest::prop_assert_eq!(&*lower(&s, &mut buf), copy.as_str());
            proptest::prop_assert_eq!(
                head3(&s),
                copy.get(..3).map(|h| <[u8; 3]>::try_from(h.as_bytes()).unwrap_or_default())
            );
        }
    }

    #[test]
    fn names() {
        assert_eq!(month("Sept."), Some(9));
        assert_eq!(weekday("Thurs."), Some(Weekday::Thu));
        assert_eq!(unit("centuries"), Some(Unit::Century));
        assert_eq!(unit("nights"), Some(Unit::Day));
    }
}
