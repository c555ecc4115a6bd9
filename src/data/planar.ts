import type { Dataset, DrawOptions } from './types';
import { drawPlanar } from './splits';

// The planar data sets besides the spiral (spiral.ts). Each is a `drawPlanar` set: 900 points of
// two features, labels alternating 0/1 by row, split by `options.testFraction`, Gaussian noise of
// standard deviation `options.noise` on each coordinate; each throws on invalid options. Without
// noise every point lies within [-1.2, 1.2] on both axes.

/** Two moons: scale and shift that map sklearn's moons (x in [-1, 2], y in [-0.5, 1]) to [-1.2, 1.2] × [-0.6, 0.6]. */
const MOON_SCALE = 0.8;
const MOON_CENTRE = [0.5, 0.25] as const;

/** Circles: the inner disc's radius and the outer ring's inner and outer radii. */
export const CIRCLE_BANDS = { disc: 0.5, ringInner: 0.8, ringOuter: 1.2 } as const;

/** XOR: points keep this distance from both axes (before noise), so the quadrants never touch. */
export const XOR_GAP = 0.1;
/** XOR: the square's half-width. */
const XOR_EXTENT = 1;

/** Gaussian: class 1's blob is centred at (+c, +c), class 0's at (-c, -c). */
export const GAUSSIAN_CENTRE = 0.5;

/**
 * Two interlocking half circles, sklearn's `make_moons` shape: class 0 the upper arc, class 1 the
 * lower arc hooked into it; both scaled by 0.8 and centred on the origin.
 */
export function moons(options: DrawOptions): Dataset {
  return drawPlanar(options, (rng, label) => {
    const t = Math.PI * rng();
    const [x, y] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    return [MOON_SCALE * (x - MOON_CENTRE[0]), MOON_SCALE * (y - MOON_CENTRE[1])];
  });
}

/**
 * Class 1 fills a disc of radius 0.5 around the origin and class 0 a ring between radii 0.8 and
 * 1.2 around it, both uniform by area (see {@link CIRCLE_BANDS}).
 */
export function circles(options: DrawOptions): Dataset {
  const { disc, ringInner, ringOuter } = CIRCLE_BANDS;
  return drawPlanar(options, (rng, label) => {
    const angle = 2 * Math.PI * rng();
    const u = rng();
    const radius =
      label === 1 ? disc * Math.sqrt(u) : Math.sqrt(ringInner ** 2 + u * (ringOuter ** 2 - ringInner ** 2));
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}

/**
 * Points uniform in the square [-1, 1]² away from the axes (|x|, |y| >= 0.1 before noise), labelled
 * 1 where x and y have the same sign (first and third quadrants) and 0 where they differ.
 */
export function xor(options: DrawOptions): Dataset {
  const offAxis = (u: number) => XOR_GAP + (XOR_EXTENT - XOR_GAP) * u;
  return drawPlanar(options, (rng, label) => {
    const signX = rng() < 0.5 ? -1 : 1;
    const signY = label === 1 ? signX : -signX;
    return [signX * offAxis(rng()), signY * offAxis(rng())];
  });
}

/**
 * Two round Gaussian blobs, class 0 centred at (-0.5, -0.5) and class 1 at (0.5, 0.5); the noise
 * is each blob's standard deviation (at 0 every point sits on its centre).
 */
export function gaussian(options: DrawOptions): Dataset {
  return drawPlanar(options, (_rng, label) => {
    const c = label === 1 ? GAUSSIAN_CENTRE : -GAUSSIAN_CENTRE;
    return [c, c];
  });
}
