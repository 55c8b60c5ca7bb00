// Prints, for every .NET crash report (DOTNET_EnableCrashReport) in the folder given, the process and the stack of
// the thread that crashed: native frames as module!function, managed frames as their method. A native crash (exit
// 139, a test host that died) then names where it happened in the CI log instead of leaving only its exit code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let files = [];
try { files = readdirSync(dir).filter(f => f.endsWith('.crashreport.json')); } catch { /* no crash, no folder */ }
for (const f of files) {
  let report;
  try { report = JSON.parse(readFileSync(join(dir, f), 'utf8')); } catch (e) { console.log(`${f}: unreadable (${e.message})`); continue; }
  const payload = report.payload ?? {};
  const threads = payload.threads ?? [];
  const crashed = threads.find(t => t.crashed === 'true') ?? threads[0];
  console.log(`crash report ${f}: ${payload.process_name ?? 'process'}, signal/exception ${JSON.stringify(report.parameters ?? {})}, ${threads.length} threads; the crashed thread:`);
  for (const frame of (crashed?.stack_frames ?? []).slice(0, 30)) {
    if (frame.is_managed === 'true') console.log(`  ${frame.method_name ?? '(managed frame)'}`);
    else console.log(`  ${frame.native_module ?? '?'}!${frame.unmanaged_name ?? frame.native_image_offset ?? '?'}`);
  }
}
