//! Seeker noise: the glint process has the stationary variance and the autocorrelation
//! of a first-order Gauss–Markov process (closed forms), and the angle noise its
//! range-independent part and its receiver part scaling as (R/R_ref)^k.

use iadsim_sim::engage::flyout::seeker::{
    GLINT_CORRELATION_TIME, SeekerNoise, SeekerNoiseModel, seeker_measurement,
};
use nalgebra::Vector3;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Cross-range offsets (two axes) of `n` measurements `dt` apart of a target `range` m
/// down the x axis, with `model`.
fn offsets(model: &SeekerNoiseModel, range: f64, n: usize, dt: f64) -> Vec<[f64; 2]> {
    let missile = Vector3::zeros();
    let target = Vector3::new(range, 0.0, 0.0);
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut state = SeekerNoise::default();
    (0..n)
        .map(|k| {
            let z = seeker_measurement(
                &missile,
                &target,
                k as f64 * dt,
                model,
                &mut state,
                Some(&mut rng),
            );
            [z.y, z.z]
        })
        .collect()
}

fn quiet() -> SeekerNoiseModel {
    SeekerNoiseModel {
        angle: 0.0,
        thermal: 0.0,
        reference_range: 10_000.0,
        exponent: 2,
        glint: 0.0,
    }
}

#[test]
fn glint_is_a_gauss_markov_process_with_the_stated_sigma_and_correlation_time() {
    let sigma = 2.0;
    let dt = 0.01;
    let model = SeekerNoiseModel {
        glint: sigma,
        ..quiet()
    };
    let x = offsets(&model, 1_000.0, 100_000, dt);
    for axis in 0..2 {
        let s: Vec<f64> = x.iter().map(|v| v[axis]).collect();
        let n = s.len() as f64;
        let mean = s.iter().sum::<f64>() / n;
        let var = s.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        // Effective sample size ≈ n(1−φ)/(1+φ) ≈ 5,000: σ² within 8 % (4 s.d.).
        assert!(
            (var / (sigma * sigma) - 1.0).abs() < 0.08,
            "axis {axis}: variance {var}"
        );
        let lag1 = s
            .windows(2)
            .map(|w| (w[0] - mean) * (w[1] - mean))
            .sum::<f64>()
            / (n - 1.0)
            / var;
        let phi = (-dt / GLINT_CORRELATION_TIME).exp();
        assert!(
            (lag1 - phi).abs() < 0.01,
            "axis {axis}: ρ(1) {lag1} vs φ {phi}"
        );
        // Ten lags: φ¹⁰ = e⁻¹.
        let lag10 = s
            .windows(11)
            .map(|w| (w[0] - mean) * (w[10] - mean))
            .sum::<f64>()
            / (n - 10.0)
            / var;
        assert!((lag10 - phi.powi(10)).abs() < 0.05, "ρ(10) {lag10}");
    }
}

#[test]
fn angle_noise_has_its_range_independent_and_receiver_parts() {
    let n = 40_000;
    let sd = |model: &SeekerNoiseModel, range: f64| {
        let x = offsets(model, range, n, 0.01);
        (x.iter().map(|v| v[0] * v[0] + v[1] * v[1]).sum::<f64>() / (2 * n) as f64).sqrt()
    };
    // Range-independent 1 mrad at 5 km: 5 m cross-range.
    let ri = SeekerNoiseModel {
        angle: 1e-3,
        ..quiet()
    };
    let s = sd(&ri, 5_000.0);
    assert!((s / 5.0 - 1.0).abs() < 0.02, "{s}");
    // Receiver noise 4 mrad at R_ref = 10 km, active (R²): at 5 km 1 mrad, 5 m.
    let active = SeekerNoiseModel {
        thermal: 4e-3,
        ..quiet()
    };
    let s = sd(&active, 5_000.0);
    assert!((s / 5.0 - 1.0).abs() < 0.02, "{s}");
    // Semi-active (R¹): at 5 km 2 mrad, 10 m.
    let semi = SeekerNoiseModel {
        thermal: 4e-3,
        exponent: 1,
        ..quiet()
    };
    let s = sd(&semi, 5_000.0);
    assert!((s / 10.0 - 1.0).abs() < 0.02, "{s}");
    // Both: root sum of squares, √(5² + 5²) m.
    let both = SeekerNoiseModel {
        angle: 1e-3,
        thermal: 4e-3,
        ..quiet()
    };
    let s = sd(&both, 5_000.0);
    assert!((s / 50f64.sqrt() - 1.0).abs() < 0.02, "{s}");
    // No rng: noise-free.
    let mut st = SeekerNoise::default();
    let z = seeker_measurement(
        &Vector3::zeros(),
        &Vector3::new(5_000.0, 0.0, 0.0),
        0.0,
        &both,
        &mut st,
        None,
    );
    assert_eq!(z, Vector3::new(5_000.0, 0.0, 0.0));
}
