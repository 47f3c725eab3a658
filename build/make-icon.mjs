// Draws Keyhold's icon (a keyhole on a rounded blue square) as a 512×512 PNG with zlib only:
//   node build/make-icon.mjs build/icons/icon.png
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 512;
const px = Buffer.alloc(N * (N * 4 + 1));
const inRounded = (x, y, r) => {
  const m = 24,
    cx = Math.min(Math.max(x, m + r), N - m - r),
    cy = Math.min(Math.max(y, m + r), N - m - r);
  return x >= m && x < N - m && y >= m && y < N - m && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
for (let y = 0; y < N; y++) {
  px[y * (N * 4 + 1)] = 0;
  for (let x = 0; x < N; x++) {
    const o = y * (N * 4 + 1) + 1 + x * 4;
    let c = [0, 0, 0, 0];
    if (inRounded(x, y, 96)) {
      const t = y / N;
      c = [Math.round(36 + 20 * t), Math.round(87 - 20 * t), Math.round(197 - 30 * t), 255];
      const hole =
        (x - 256) ** 2 + (y - 210) ** 2 <= 70 ** 2 ||
        (Math.abs(x - 256) <= 32 + (y - 230) * 0.12 && y >= 230 && y <= 390);
      if (hole) c = [246, 247, 249, 255];
    }
    px.set(c, o);
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (b) => {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8;
ihdr[9] = 6;
writeFileSync(
  process.argv[2],
  Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(px)),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
