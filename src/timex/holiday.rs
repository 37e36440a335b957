//! Named days: fixed-date and rule-based holidays that news writes by name
//! ("Thanksgiving Day", "Christmas Eve", "Election Day", "Easter"), with the
//! date each falls on in a given year. Recognition is in `rules.rs`; the
//! resolver picks the year.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// A named day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holiday {
    /// January 1.
    NewYearsDay,
    /// December 31.
    NewYearsEve,
    /// Third Monday of January (US).
    MartinLutherKingDay,
    /// February 14.
    ValentinesDay,
    /// Third Monday of February (US).
    PresidentsDay,
    /// Easter Sunday (Western, Gregorian computus).
    Easter,
    /// Two days before Easter.
    GoodFriday,
    /// May 1.
    MayDay,
    /// Second Sunday of May (US).
    MothersDay,
    /// Last Monday of May (US).
    MemorialDay,
    /// Third Sunday of June (US).
    FathersDay,
    /// July 4 (US).
    IndependenceDay,
    /// July 14 (France).
    BastilleDay,
    /// First Monday of September (US).
    LaborDay,
    /// October 31.
    Halloween,
    /// The Tuesday after the first Monday of November (US).
    ElectionDay,
    /// November 11.
    VeteransDay,
    /// Fourth Thursday of November (US).
    Thanksgiving,
    /// December 24.
    ChristmasEve,
    /// December 25.
    Christmas,
    /// December 26.
    BoxingDay,
}

/// Reads a holiday name as matched by the rules (case-insensitive).
pub fn holiday(name: &str) -> Option<Holiday> {
    let l = name.to_lowercase().replace('’', "'");
    let l = l.trim_end_matches(" day").trim_end_matches("'s").trim();
    let h = match l {
        "new year" | "new years" | "new year's" => Holiday::NewYearsDay,
        "new year's eve" | "new years eve" => Holiday::NewYearsEve,
        "martin luther king" | "martin luther king jr." | "martin luther king, jr." => {
            Holiday::MartinLutherKingDay
        }
        "valentine" | "valentines" | "st. valentine" | "valentine's" => Holiday::ValentinesDay,
        "presidents" | "presidents'" | "president's" => Holiday::PresidentsDay,
        "easter" | "easter sunday" => Holiday::Easter,
        "good friday" => Holiday::GoodFriday,
        "may" => Holiday::MayDay,
        "mother" | "mothers" => Holiday::MothersDay,
        "memorial" => Holiday::MemorialDay,
        "father" | "fathers" => Holiday::FathersDay,
        "independence" | "the fourth of july" | "fourth of july" => Holiday::IndependenceDay,
        "bastille" => Holiday::BastilleDay,
        "labor" | "labour" => Holiday::LaborDay,
        "halloween" => Holiday::Halloween,
        "election" => Holiday::ElectionDay,
        "veterans" | "armistice" => Holiday::VeteransDay,
        "thanksgiving" => Holiday::Thanksgiving,
        "christmas eve" => Holiday::ChristmasEve,
        "christmas" => Holiday::Christmas,
        "boxing" => Holiday::BoxingDay,
        _ => return None,
    };
    Some(h)
}

fn nth_weekday(year: i32, month: u32, wd: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, wd, n)
}

fn last_weekday(year: i32, month: u32, wd: Weekday) -> Option<NaiveDate> {
    nth_weekday(year, month, wd, 5).or_else(|| nth_weekday(year, month, wd, 4))
}

/// Easter Sunday (anonymous Gregorian algorithm).
fn easter(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

impl Holiday {
    /// The date the holiday falls on in `year`.
    ///
    /// # Example
    /// ```
    /// use chronicler::timex::holiday::Holiday;
    /// assert_eq!(Holiday::Thanksgiving.date(1999).unwrap().to_string(), "1999-11-25");
    /// assert_eq!(Holiday::Easter.date(2017).unwrap().to_string(), "2017-04-16");
    /// ```
    pub fn date(&self, year: i32) -> Option<NaiveDate> {
        let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
        match self {
            Holiday::NewYearsDay => ymd(1, 1),
            Holiday::NewYearsEve => ymd(12, 31),
            Holiday::MartinLutherKingDay => nth_weekday(year, 1, Weekday::Mon, 3),
            Holiday::ValentinesDay => ymd(2, 14),
            Holiday::PresidentsDay => nth_weekday(year, 2, Weekday::Mon, 3),
            Holiday::Easter => easter(year),
            Holiday::GoodFriday => easter(year)?.checked_sub_days(Days::new(2)),
            Holiday::MayDay => ymd(5, 1),
            Holiday::MothersDay => nth_weekday(year, 5, Weekday::Sun, 2),
            Holiday::MemorialDay => last_weekday(year, 5, Weekday::Mon),
            Holiday::FathersDay => nth_weekday(year, 6, Weekday::Sun, 3),
            Holiday::IndependenceDay => ymd(7, 4),
            Holiday::BastilleDay => ymd(7, 14),
            Holiday::LaborDay => nth_weekday(year, 9, Weekday::Mon, 1),
            Holiday::Halloween => ymd(10, 31),
            Holiday::ElectionDay => {
                let first_monday = nth_weekday(year, 11, Weekday::Mon, 1)?;
                first_monday.checked_add_days(Days::new(1))
            }
            Holiday::VeteransDay => ymd(11, 11),
            Holiday::Thanksgiving => nth_weekday(year, 11, Weekday::Thu, 4),
            Holiday::ChristmasEve => ymd(12, 24),
            Holiday::Christmas => ymd(12, 25),
            Holiday::BoxingDay => ymd(12, 26),
        }
    }

    /// Whether a year-less mention is unambiguous about its date pattern
    /// (all are); kept for symmetry with weekdays.
    pub fn month(&self, year: i32) -> Option<u32> {
        self.date(year).map(|d| d.month())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            Holiday::ElectionDay.date(1998).unwrap().to_string(),
            "1998-11-03"
        );
        assert_eq!(
            Holiday::Easter.date(2000).unwrap().to_string(),
            "2000-04-23"
        );
        assert_eq!(
            Holiday::MemorialDay.date(2017).unwrap().to_string(),
            "2017-05-29"
        );
        assert_eq!(holiday("Thanksgiving Day"), Some(Holiday::Thanksgiving));
        assert_eq!(holiday("New Year's Eve"), Some(Holiday::NewYearsEve));
        assert_eq!(holiday("Christmas Eve"), Some(Holiday::ChristmasEve));
    }
}
