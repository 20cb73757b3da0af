#!/usr/bin/env node
// Draws Liminal's icon (a doorway of light on the theme's lagoon colour: a threshold, the "liminal" space) and
// writes it into src/web/public, from where the build copies it as-is: icon.svg (browsers that take SVG
// favicons), favicon.ico (32 and 16 px, PNG inside), icon-192.png and icon-512.png (the web-app manifest),
// icon-maskable-512.png (the same with the safe-zone margin Android's masks need) and apple-touch-icon.png (180 px).
// The PNGs are drawn here pixel by pixel (4×4 supersampling) so no image tool is needed. Run again after a change:
// `node scripts/make-icons.mjs`; the outputs are committed.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const OUT = path.resolve('src/web/public');
const BG = [0x0c, 0x6a, 0x7e]; // lagoon 8, the theme's primary shade
const DOOR = [0xff, 0xff, 0xff];
const SILL = [0xa6, 0xcf, 0xd7]; // lagoon 2
const LEAF = [0x00, 0x4a, 0x59]; // a shade darker than lagoon 9

/** Shapes in a 0..1 box: rounded-square background, an arched doorway, and its sill. `inset` shrinks the motif. */
function shapeAt(x, y, { rounded, inset }) {
  const r = 0.22;
  if (rounded) {
    const cx = Math.min(Math.max(x, r), 1 - r);
    const cy = Math.min(Math.max(y, r), 1 - r);
    if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  }
  // The motif is drawn in a 0..1 box scaled into [inset, 1 - inset].
  const s = 1 - 2 * inset;
  const u = (x - inset) / s;
  const v = (y - inset) / s;
  const left = 0.3;
  const right = 0.7;
  const archY = 0.4;
  const bottom = 0.8;
  const mid = (left + right) / 2;
  const halfW = (right - left) / 2;
  const inDoor =
    u >= left && u <= right && v <= bottom && (v >= archY || (u - mid) ** 2 + (v - archY) ** 2 <= halfW ** 2);
  // The door leaf, swung open towards the viewer on its left hinge: a trapezoid over the left of the opening.
  const leafRight = left + 0.16;
  const t = (u - left) / (leafRight - left);
  const inLeaf = u >= left && u <= leafRight && v <= bottom && v >= archY - 0.1 + 0.14 * t;
  if (inLeaf) return LEAF;
  if (inDoor) return DOOR;
  if (u >= 0.18 && u <= 0.82 && v > bottom && v <= bottom + 0.06) return SILL;
  return BG;
}

function rasterize(size, opts) {
  const px = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let rr = 0;
      let gg = 0;
      let bb = 0;
      let aa = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = shapeAt((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size, opts);
          if (!c) continue;
          rr += c[0];
          gg += c[1];
          bb += c[2];
          aa++;
        }
      }
      const o = (y * size + x) * 4;
      if (aa) {
        px[o] = Math.round(rr / aa);
        px[o + 1] = Math.round(gg / aa);
        px[o + 2] = Math.round(bb / aa);
      }
      px[o + 3] = Math.round((255 * aa) / (n * n));
    }
  }
  return px;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

function png(size, opts) {
  const px = rasterize(size, opts);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO file whose images are PNGs (every browser since 2007 reads these). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const dir = Buffer.alloc(16 * images.length);
  let offset = 6 + dir.length;
  images.forEach(({ size, data }, i) => {
    const o = i * 16;
    dir[o] = size >= 256 ? 0 : size;
    dir[o + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, o + 4); // colour planes
    dir.writeUInt16LE(32, o + 6); // bits per pixel
    dir.writeUInt32LE(data.length, o + 8);
    dir.writeUInt32LE(offset, o + 12);
    offset += data.length;
  });
  return Buffer.concat([header, dir, ...images.map((i) => i.data)]);
}

const hex = (c) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" role="img" aria-label="Liminal">
<title>Liminal</title>
<rect width="100" height="100" rx="22" fill="${hex(BG)}"/>
<path d="M30 80V40a20 20 0 0 1 40 0v40z" fill="${hex(DOOR)}"/>
<path d="M30 80V30L46 44V80z" fill="${hex(LEAF)}"/>
<rect x="18" y="80" width="64" height="6" fill="${hex(SILL)}"/>
</svg>
`;

const icon = { rounded: true, inset: 0 };
fs.writeFileSync(path.join(OUT, 'icon.svg'), svg);
fs.writeFileSync(
  path.join(OUT, 'favicon.ico'),
  ico([
    { size: 32, data: png(32, icon) },
    { size: 16, data: png(16, icon) },
  ]),
);
fs.writeFileSync(path.join(OUT, 'icon-192.png'), png(192, icon));
fs.writeFileSync(path.join(OUT, 'icon-512.png'), png(512, icon));
// Maskable: full-bleed background, the motif inside the central 80 % safe zone.
fs.writeFileSync(path.join(OUT, 'icon-maskable-512.png'), png(512, { rounded: false, inset: 0.1 }));
fs.writeFileSync(path.join(OUT, 'apple-touch-icon.png'), png(180, { rounded: false, inset: 0.06 }));
process.stdout.write(`icons written to ${path.relative(process.cwd(), OUT)}\n`);
