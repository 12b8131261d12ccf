/** A PNG drawn by a function of (x, y) → [r, g, b, a] (transparent where it gives nothing): demo and test images of signatures and seals */
import { PNG } from 'pngjs';

export function drawPng(width: number, height: number, pixel: (x: number, y: number) => readonly [number, number, number, number] | undefined): Uint8Array {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) image.data.set(pixel(x, y) ?? [0, 0, 0, 0], (y * width + x) * 4);
  return new Uint8Array(PNG.sync.write(image));
}
