//! Calendar dates for `updated`, `reviewed_on` and the like, and the dates a
//! page shows: an exercise's own, or else the guide's.
//!
//! Dates are written as TOML dates, without quotes (`updated = 2025-05-01`).
//! TOML's parser already rejects impossible days (`2025-02-30`), so this type
//! only has to refuse what TOML allows but a calendar date is not: a time of
//! day, an offset, or a quoted string.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// A day, as `YYYY-MM-DD`. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// What a date error message starts with, so that the TOML error handling
/// can give it its own code and help (see `toml_doc`).
pub const NOT_A_DATE: &str = "not a date";

const MONTHS: [&str; 12] = [
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

impl Date {
    /// "1 May 2025": unambiguous wherever the reader lives, unlike 05/01.
    pub fn words(self) -> String {
        let month = MONTHS
            .get(usize::from(self.month).wrapping_sub(1))
            .copied()
            .unwrap_or("?");
        format!("{} {month} {}", self.day, self.year)
    }

    /// Parses exactly `YYYY-MM-DD` with a real calendar day.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = s.get(r)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let year = num(0..4)?;
        let month = u8::try_from(num(5..7)?).ok()?;
        let day = u8::try_from(num(8..10)?).ok()?;
        (1..=12).contains(&month).then_some(())?;
        (1..=days_in_month(year, month))
            .contains(&day)
            .then_some(())?;
        Some(Date { year, month, day })
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Going through toml::Value accepts a TOML date and, so that the
        // error can say what to do about it, anything else an author may
        // write instead (most likely the date in quotes).
        let value = toml::Value::deserialize(d)?;
        match value {
            toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(date), None, None) => Ok(Date {
                    year: date.year,
                    month: date.month,
                    day: date.day,
                }),
                (Some(date), _, _) => Err(de::Error::custom(format!(
                    "{NOT_A_DATE}: `{dt}` has a time; write only the day, like {:04}-{:02}-{:02}",
                    date.year, date.month, date.day
                ))),
                (None, _, _) => Err(de::Error::custom(format!(
                    "{NOT_A_DATE}: `{dt}` is a time of day; write a day like 2025-05-01"
                ))),
            },
            toml::Value::String(s) => Err(de::Error::custom(match Date::parse_iso(s.trim()) {
                Some(date) => {
                    format!("{NOT_A_DATE}: dates are written without quotes, like {date}")
                }
                None => format!(
                    "{NOT_A_DATE}: \"{s}\" is text; write a date as year-month-day without quotes, like 2025-05-01"
                ),
            })),
            other => Err(de::Error::custom(format!(
                "{NOT_A_DATE}: expected a date like 2025-05-01, found {}",
                other.type_str()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Holder {
        d: Date,
    }

    fn date(src: &str) -> Result<Date, String> {
        toml::from_str::<Holder>(src)
            .map(|h| h.d)
            .map_err(|e| e.message().to_owned())
    }

    #[test]
    fn toml_dates_parse_and_print_both_ways() {
        let d = date("d = 2025-05-01").unwrap();
        assert_eq!(d.to_string(), "2025-05-01");
        assert_eq!(d.words(), "1 May 2025");
        assert_eq!(date("d = 2024-02-29").unwrap().words(), "29 February 2024");
    }

    #[test]
    fn what_is_not_a_calendar_day_is_refused_with_a_reason() {
        let quoted = date("d = \"2025-05-01\"").unwrap_err();
        assert!(quoted.starts_with(NOT_A_DATE), "{quoted}");
        assert!(quoted.contains("without quotes"), "{quoted}");
        assert!(
            date("d = 2025-05-01T10:00:00")
                .unwrap_err()
                .contains("has a time")
        );
        assert!(date("d = 10:00:00").unwrap_err().contains("time of day"));
        assert!(date("d = 5").unwrap_err().starts_with(NOT_A_DATE));
        // TOML itself refuses impossible days.
        assert!(date("d = 2025-02-30").is_err());
    }

    #[test]
    fn iso_strings() {
        assert_eq!(
            Date::parse_iso("2024-02-29"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        for bad in [
            "2023-02-29",
            "2025-13-01",
            "2025-1-01",
            "20250501",
            "2025-05-00",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_order_by_time() {
        assert!(date("d = 2024-12-31").unwrap() < date("d = 2025-01-01").unwrap());
    }
}
