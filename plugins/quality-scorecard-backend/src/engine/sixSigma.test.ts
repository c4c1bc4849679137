import { dpmo, normalQuantile, sigmaLevel } from './sixSigma';

describe('six sigma', () => {
  it.each([
    // Textbook Φ⁻¹ values (to 1e-6).
    [0.5, 0],
    [0.975, 1.959964],
    [0.9986501, 3.0],
    [0.02, -2.053749],
    [1 - 3.3976731e-6, 4.5], // Φ(4.5) = 1 − 3.3976731e-6
  ])('Φ⁻¹(%f) = %f', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 4);
  });

  it('rejects probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow('normalQuantile: p must be in (0, 1), got 1');
  });

  it.each([
    // defects, opportunities, DPMO, sigma level
    [0, 0, null, null],
    [34, 10_000_000, 3.4, 6.0],
    [66_807, 1_000_000, 66_807, 3.0],
    [6_210, 1_000_000, 6_210, 4.0],
    [1, 2, 500_000, 1.5],
    [5, 4, 1_250_000, 0],
    [4, 4, 1_000_000, 0],
    [0, 20, 0, 3.46],
  ])('%i defects in %i opportunities: DPMO %p, %p σ', (defects, opportunities, expectedDpmo, expectedSigma) => {
    expect(dpmo(defects, opportunities)).toBe(expectedDpmo);
    const s = sigmaLevel(defects, opportunities);
    expect(s === null ? null : Number(s.toFixed(2))).toBe(expectedSigma === null ? null : Number(expectedSigma.toFixed(2)));
  });
});
