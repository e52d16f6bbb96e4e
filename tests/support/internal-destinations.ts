// Hosts a callback URL may name that all mean this server: the eight
// loopback spellings of issue 19, and more that the URL parser reads as a
// loopback or unspecified address, or that embed one in IPv6.
export const LOOPBACK_SPELLINGS = [
  "127.0.0.1",
  "localhost",
  "[::1]",
  "127.1",
  "2130706433",
  "0x7f000001",
  "[::ffff:127.0.0.1]",
  "0.0.0.0",
  "0",
  "017700000001",
  "0x7f.1",
  "127.000.000.001",
  "127.0.0.1.",
  "%31%32%37.0.0.1",
  "127.255.255.254",
  "LOCALHOST.",
  "app.localhost",
  "[0:0:0:0:0:ffff:7f00:1]",
  "[::127.0.0.1]",
  "[64:ff9b::127.0.0.1]",
  "[2002:7f00:1::]",
  "[::]",
];
