/** The congvan command: starts the office and does the operator's batch work. */
import { Command } from 'commander';
import { isCodedError } from '../shared/coded-error.ts';
import { loadConfig } from '../server/config.ts';
import { startOffice } from '../server/start.ts';
import { createOffice } from '../office/index.ts';
import { migrateToLatest, openDatabase } from '../store/index.ts';
import { ensureWebBuilt } from './build-web.ts';
import { caCommand } from './ca.commands.ts';
import { edxmlCommand } from './edxml.commands.ts';
import { axisCommand, hubCommand } from './hub.commands.ts';
import { agentCommand, extendCommand, signCommand, verifyCommand } from './pades.commands.ts';
import { parsePort, stopOnSignal } from './serving.ts';

export function buildCli(): Command {
  const program = new Command('congvan')
    .description('congvan — hệ thống quản lý văn bản và điều hành')
    .showHelpAfterError();

  program.command('start')
    .description('khởi động văn phòng điện tử (giao diện web và API trên một cổng)')
    .option('--port <n>', 'cổng lắng nghe (mặc định 3000)', parsePort)
    .option('--host <addr>', 'địa chỉ lắng nghe (mặc định 0.0.0.0)')
    .option('--data <dir>', 'thư mục dữ liệu: tệp SQLite và tệp đính kèm (mặc định ./data)')
    .option('--no-demo', 'không tạo dữ liệu mẫu; lần đầu sẽ hỏi quản trị viên đầu tiên')
    .action(async (opts: { port?: number; host?: string; data?: string; demo: boolean }) => {
      const config = loadConfig({ port: opts.port, host: opts.host, dataDir: opts.data, demo: opts.demo });
      await ensureWebBuilt(config.webRoot, console.log);
      const running = await startOffice(config);
      console.log(`congvan đang chạy tại ${running.url} (cơ sở dữ liệu: ${config.database.dialect})`);
      stopOnSignal(running);
    });

  const audit = program.command('audit').description('nhật ký thao tác');
  audit.command('verify')
    .description('kiểm tra chuỗi băm của nhật ký; báo mục đầu tiên bị sửa hoặc mất')
    .option('--data <dir>', 'thư mục dữ liệu (mặc định ./data)')
    .option('--json', 'in kết quả dạng JSON')
    .action(async (opts: { data?: string; json?: boolean }) => {
      const config = loadConfig({ dataDir: opts.data });
      const db = openDatabase(config.database);
      try {
        await migrateToLatest(db);
        const verdict = await createOffice({ db }).audit.verify();
        if (opts.json) console.log(JSON.stringify(verdict));
        else if (verdict.ok) console.log(`Nhật ký toàn vẹn: ${verdict.entries} mục.`);
        else console.log(`Nhật ký bị hỏng tại mục số ${verdict.brokenAt} (${verdict.reason}); ${verdict.entries} mục trước đó toàn vẹn.`);
        process.exitCode = verdict.ok ? 0 : 1;
      } finally {
        await db.close();
      }
    });
  program.addCommand(caCommand());
  program.addCommand(hubCommand());
  program.addCommand(axisCommand());
  program.addCommand(signCommand());
  program.addCommand(verifyCommand());
  program.addCommand(extendCommand());
  program.addCommand(agentCommand());
  program.addCommand(edxmlCommand());
  return program;
}

export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildCli().parseAsync([...argv]);
  } catch (err) {
    console.error(isCodedError(err) ? `Lỗi [${err.code}]: ${err.localise('vi')}` : `Lỗi: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
