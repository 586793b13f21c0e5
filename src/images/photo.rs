//! Made-up photos, for benchmarks and synthetic guides.

use super::MAX_SIDE;
use crate::random::Mix;

/// A JPEG of `width` × `height` pixels (each clamped to 1..=[`MAX_SIDE`])
/// that compresses like a photo: a smooth two-colour gradient with a few
/// soft blobs over it, and sensor-like noise on every pixel, at quality 85.
/// An 850 × 570 photo is about 100 KB. The same seed and size give the same
/// bytes on every machine (integer arithmetic, a fixed generator).
pub fn synthetic_photo(seed: u64, width: u32, height: u32) -> Vec<u8> {
    let w = width.clamp(1, MAX_SIDE);
    let h = height.clamp(1, MAX_SIDE);
    let mut r = Mix::new(seed);
    let (c0, c1) = (colour(&mut r), colour(&mut r));
    let blobs: Vec<Blob> = (0..6)
        .map(|_| {
            let v = r.next();
            let radius = 20 + (v % u64::from(w.max(h) / 4 + 1)) as i64;
            Blob {
                x: ((v >> 16) % u64::from(w)) as i64,
                y: ((v >> 40) % u64::from(h)) as i64,
                r2: radius * radius,
                colour: colour(&mut r),
            }
        })
        .collect();

    let span = i64::from(w) + i64::from(h);
    let mut px = Vec::with_capacity(w as usize * h as usize * 3);
    for y in 0..i64::from(h) {
        for x in 0..i64::from(w) {
            // Gradient weight of c1, in 1/256ths.
            let t = ((x + y) * 256 / span) as i32;
            let mut c: [i32; 3] = std::array::from_fn(|i| (c0[i] * (256 - t) + c1[i] * t) / 256);
            for b in &blobs {
                let d2 = (x - b.x).pow(2) + (y - b.y).pow(2);
                if d2 < b.r2 {
                    let a = (256 - d2 * 256 / b.r2) as i32;
                    for (ci, bi) in c.iter_mut().zip(b.colour) {
                        *ci = (*ci * (256 - a) + bi * a) / 256;
                    }
                }
            }
            let noise = r.next();
            for (i, v) in c.iter().enumerate() {
                let n = ((noise >> (i * 8)) & 0x0f) as i32 - 8;
                px.push((v + n).clamp(0, 255) as u8);
            }
        }
    }
    let mut out = Vec::new();
    let encoded = jpeg_encoder::Encoder::new(&mut out, 85).encode(
        &px,
        w as u16,
        h as u16,
        jpeg_encoder::ColorType::Rgb,
    );
    // Sizes are clamped within what the encoder takes, so this cannot fail.
    if encoded.is_err() {
        return Vec::new();
    }
    out
}

fn colour(r: &mut Mix) -> [i32; 3] {
    let v = r.next();
    [
        (v & 0xff) as i32,
        ((v >> 8) & 0xff) as i32,
        ((v >> 16) & 0xff) as i32,
    ]
}

struct Blob {
    x: i64,
    y: i64,
    r2: i64,
    colour: [i32; 3],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::{Format, probe};

    #[test]
    fn the_same_seed_gives_the_same_photo() {
        let a = synthetic_photo(7, 120, 80);
        assert_eq!(a, synthetic_photo(7, 120, 80));
        assert_ne!(a, synthetic_photo(8, 120, 80));
        let info = probe(&a, "p.jpg").unwrap();
        assert_eq!(
            (info.format, info.width, info.height),
            (Format::Jpeg, 120, 80)
        );
    }

    #[test]
    fn odd_sizes_are_clamped_not_refused() {
        let info = probe(&synthetic_photo(1, 0, 0), "p.jpg").unwrap();
        assert_eq!((info.width, info.height), (1, 1));
    }
}
