//! Just enough 3-D maths for a skeleton: vectors and rotation matrices.
//!
//! The world is right-handed: `x` points to the right of the side view
//! (where an upright figure faces), `y` up, `z` toward the side-view camera
//! (the figure's right). Angles are in degrees, as authors write them.

use std::ops::{Add, Mul, Sub};

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct V3 {
    pub x: f64,
    pub y: f64,
    pub z: f64,
}

pub const fn v3(x: f64, y: f64, z: f64) -> V3 {
    V3 { x, y, z }
}

impl V3 {
    pub fn dot(self, o: V3) -> f64 {
        self.x * o.x + self.y * o.y + self.z * o.z
    }

    pub fn len(self) -> f64 {
        self.dot(self).sqrt()
    }

    pub fn lerp(self, o: V3, t: f64) -> V3 {
        self + (o - self) * t
    }
}

impl Add for V3 {
    type Output = V3;
    fn add(self, o: V3) -> V3 {
        v3(self.x + o.x, self.y + o.y, self.z + o.z)
    }
}

impl Sub for V3 {
    type Output = V3;
    fn sub(self, o: V3) -> V3 {
        v3(self.x - o.x, self.y - o.y, self.z - o.z)
    }
}

impl Mul<f64> for V3 {
    type Output = V3;
    fn mul(self, k: f64) -> V3 {
        v3(self.x * k, self.y * k, self.z * k)
    }
}

/// A rotation, as a 3×3 matrix of rows. Its columns are where the local
/// axes point in the parent frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct M3([[f64; 3]; 3]);

impl M3 {
    pub const IDENTITY: M3 = M3([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]);

    /// Counter-clockwise about `x`, looking from `+x` toward the origin.
    pub fn rot_x(deg: f64) -> M3 {
        let (s, c) = deg.to_radians().sin_cos();
        M3([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])
    }

    pub fn rot_y(deg: f64) -> M3 {
        let (s, c) = deg.to_radians().sin_cos();
        M3([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])
    }

    pub fn rot_z(deg: f64) -> M3 {
        let (s, c) = deg.to_radians().sin_cos();
        M3([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    }

    pub fn transpose(self) -> M3 {
        let m = self.0;
        M3([
            [m[0][0], m[1][0], m[2][0]],
            [m[0][1], m[1][1], m[2][1]],
            [m[0][2], m[1][2], m[2][2]],
        ])
    }

    pub fn apply(self, v: V3) -> V3 {
        let m = self.0;
        v3(
            m[0][0] * v.x + m[0][1] * v.y + m[0][2] * v.z,
            m[1][0] * v.x + m[1][1] * v.y + m[1][2] * v.z,
            m[2][0] * v.x + m[2][1] * v.y + m[2][2] * v.z,
        )
    }
}

impl Mul for M3 {
    type Output = M3;
    fn mul(self, o: M3) -> M3 {
        let (a, b) = (self.0, o.0);
        let mut out = [[0.0; 3]; 3];
        for (i, row) in out.iter_mut().enumerate() {
            for (j, cell) in row.iter_mut().enumerate() {
                *cell = (0..3).map(|k| a[i][k] * b[k][j]).sum();
            }
        }
        M3(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: V3, b: V3) -> bool {
        (a - b).len() < 1e-9
    }

    #[test]
    fn rotations_turn_the_way_their_docs_say() {
        assert!(close(
            M3::rot_z(90.0).apply(v3(1.0, 0.0, 0.0)),
            v3(0.0, 1.0, 0.0)
        ));
        assert!(close(
            M3::rot_x(90.0).apply(v3(0.0, 1.0, 0.0)),
            v3(0.0, 0.0, 1.0)
        ));
        assert!(close(
            M3::rot_y(90.0).apply(v3(0.0, 0.0, 1.0)),
            v3(1.0, 0.0, 0.0)
        ));
        let m = M3::rot_x(30.0) * M3::rot_y(-50.0) * M3::rot_z(70.0);
        assert!(close(
            (m.transpose() * m).apply(v3(1.0, 2.0, 3.0)),
            v3(1.0, 2.0, 3.0)
        ));
    }
}
