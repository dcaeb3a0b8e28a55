import { z } from "zod";

// Zod 4 probes for eval support (`new Function("")`) the first time it parses an object, to
// compile fast parsers. Under Settle's CSP (no 'unsafe-eval') the browser blocks the probe and
// reports a violation even though Zod catches it. Modules whose schemas also run in the
// browser import this first; parsing then takes Zod's plain path, on the server as well.
z.config({ jitless: true });
