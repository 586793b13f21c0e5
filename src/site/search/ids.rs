//! Lists of word numbers as short strings: most of the search index is
//! which words of the guide's dictionary each exercise uses, and as JSON
//! numbers those lists would be several times larger.
//!
//! A list is sorted, and each number but the first is written as its
//! distance from the one before, less one: words are numbered by how many
//! exercises use them, so an exercise's words are mostly low numbers close
//! together. Each number is written in base 32, high digits first; a digit
//! is one character of [`DIGITS`], from its first half when it is the
//! number's last digit and from its second half when more follow. Every
//! character is a letter, a digit, `-` or `_`: nothing JSON or a script
//! would need to escape. `static/search.js` reads them back (`decode`).

/// 32 last digits, then 32 digits that say another digit follows.
const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ-_wxyz";

/// `ids`, sorted and each once, as a string.
pub fn encode(mut ids: Vec<u32>) -> String {
    ids.sort_unstable();
    ids.dedup();
    let mut out = String::new();
    let mut previous: Option<u32> = None;
    for id in ids {
        // Sorted and distinct, so `id > p`: the subtraction cannot wrap.
        let gap = match previous {
            Some(p) => id - p - 1,
            None => id,
        };
        push_number(&mut out, gap);
        previous = Some(id);
    }
    out
}

fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    let mut rest = n;
    loop {
        digits[len] = (rest % 32) as u8;
        len += 1;
        rest /= 32;
        if rest == 0 {
            break;
        }
    }
    for (i, d) in digits[..len].iter().rev().enumerate() {
        let more = if i + 1 < len { 32 } else { 0 };
        out.push(char::from(DIGITS[usize::from(d + more)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reading `static/search.js` does, so the two are checked together.
    fn decode(s: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let mut value = 0u32;
        let mut previous: Option<u32> = None;
        for c in s.bytes() {
            let d = DIGITS.iter().position(|&x| x == c).expect("a digit") as u32;
            value = value * 32 + (d % 32);
            if d < 32 {
                let id = previous.map_or(value, |p| p + value + 1);
                out.push(id);
                previous = Some(id);
                value = 0;
            }
        }
        out
    }

    #[test]
    fn lists_come_back_sorted_and_once() {
        for ids in [
            vec![],
            vec![0],
            vec![31],
            vec![32],
            vec![5, 3, 3, 1000, 40_000, 0, 31, 33],
            vec![u32::MAX, 0],
        ] {
            let mut want = ids.clone();
            want.sort_unstable();
            want.dedup();
            assert_eq!(decode(&encode(ids.clone())), want, "{ids:?}");
        }
    }

    #[test]
    fn close_low_numbers_take_one_character_each() {
        assert_eq!(encode(vec![0, 1, 2, 10]), "0007");
        assert_eq!(encode(vec![31]), "v");
        assert_eq!(encode(vec![32]), "B0");
    }

    #[test]
    fn only_characters_that_need_no_escaping() {
        let s = encode((0..5000).step_by(7).collect());
        assert!(
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }
}
