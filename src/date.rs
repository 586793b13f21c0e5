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

    /// The English name of the date's month, for words that lack one.
    pub fn month_name(self) -> &'static str {
        MONTHS
            .get(usize::from(self.month).wrapping_sub(1))
            .copied()
            .unwrap_or("?")
    }

    /// The date written as `format` says, with its `{day}`, `{month}` (the
    /// name given) and `{year}`: a language's own way of writing dates.
    pub fn written(self, format: &str, month: &str) -> String {
        // Filled in one pass: a month's name may hold `{year}`.
        let mut out = String::new();
        let mut rest = format;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let after = &rest[start..];
            let (value, len) = if after.starts_with("{day}") {
                (self.day.to_string(), 5)
            } else if after.starts_with("{month}") {
                (month.to_owned(), 7)
            } else if after.starts_with("{year}") {
                (self.year.to_string(), 6)
            } else {
                ("{".to_owned(), 1)
            };
            out.push_str(&value);
            rest = &after[len..];
        }
        out.push_str(rest);
        out
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

impl Date {
    /// The same day `months` months later, or the month's last day when it
    /// is shorter (31 January + 1 month is 28 or 29 February); `None` past
    /// the year 9999, which no TOML date reaches.
    pub fn add_months(self, months: u32) -> Option<Date> {
        let index = u32::from(self.year) * 12 + u32::from(self.month) - 1;
        let index = index.checked_add(months)?;
        let year = u16::try_from(index / 12).ok().filter(|y| *y <= 9999)?;
        let month = u8::try_from(index % 12 + 1).ok()?;
        let day = self.day.min(days_in_month(year, month));
        Some(Date { year, month, day })
    }

    /// The day of a count of days since 1970-01-01, in the proleptic
    /// Gregorian calendar (Howard Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe.checked_add(era.checked_mul(400)?)? + i64::from(month <= 2);
        Some(Date {
            year: u16::try_from(year).ok().filter(|y| *y <= 9999)?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// Today, in UTC, for checks that look at how old a date is. The
    /// variable reproducible builds use, `SOURCE_DATE_EPOCH` (seconds since
    /// 1970), sets the day instead, so that a check can be rerun as of a
    /// given day; the pages never depend on it.
    pub fn today() -> Date {
        let from_env = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok());
        let seconds = from_env.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        });
        Date::from_days_since_epoch(seconds.div_euclid(86_400)).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
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
        assert_eq!(
            d.written("{day} {month} {year}", d.month_name()),
            "1 May 2025"
        );
        assert_eq!(
            d.written("{month} {day}, {year}", "{year}"),
            "{year} 1, 2025"
        );
        assert_eq!(d.written("{d{day}", "m"), "{d1");
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
    fn months_are_added_in_the_calendar() {
        let d = |s: &str| Date::parse_iso(s).unwrap();
        assert_eq!(d("2025-03-01").add_months(36), Some(d("2028-03-01")));
        assert_eq!(d("2025-11-15").add_months(3), Some(d("2026-02-15")));
        assert_eq!(d("2024-01-31").add_months(1), Some(d("2024-02-29")));
        assert_eq!(d("2025-01-31").add_months(1), Some(d("2025-02-28")));
        assert_eq!(d("2025-05-01").add_months(0), Some(d("2025-05-01")));
        assert_eq!(d("9999-12-01").add_months(1), None);
        assert_eq!(d("2025-05-01").add_months(u32::MAX), None);
    }

    #[test]
    fn days_since_1970_are_calendar_days() {
        let d = |s: &str| Date::parse_iso(s);
        assert_eq!(Date::from_days_since_epoch(0), d("1970-01-01"));
        assert_eq!(Date::from_days_since_epoch(19_782), d("2024-02-29"));
        assert_eq!(Date::from_days_since_epoch(20_454), d("2026-01-01"));
        assert_eq!(Date::from_days_since_epoch(-1), d("1969-12-31"));
        assert_eq!(Date::from_days_since_epoch(i64::MAX), None);
        assert_eq!(Date::from_days_since_epoch(i64::MIN), None);
    }

    #[test]
    fn dates_order_by_time() {
        assert!(date("d = 2024-12-31").unwrap() < date("d = 2025-01-01").unwrap());
    }
}
