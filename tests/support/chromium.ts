// Debian's Chromium, as every browser run here launches it: Playwright's own
// browser download is not available, and these flags keep it from reaching
// for the network or a GPU.
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
