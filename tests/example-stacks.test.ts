// The example stacks are deployable as written: every created Droplet's
// cloud-config defines the systemd unit it enables, that unit serves the
// service's port, and the health path the load balancer and Route 53 check is
// a file it serves. (The first delivery enabled a unit nothing defined and
// served nginx on 80 while the checks asked 8080.)
import * as assert from "assert";
import * as path from "path";
import { parse } from "yaml";
import { parseStackConfig } from "../components/config";
import { readStackConfig } from "../tools/stack-file";

const ROOT = path.resolve(__dirname, "..");

interface CloudConfig {
    write_files?: { path: string; content: string }[];
    runcmd?: (string | string[])[];
}

describe("example stacks are deployable as written", () => {
    for (const stack of ["dev", "prod"]) {
        const config = parseStackConfig(readStackConfig(ROOT, stack));
        for (const service of config.services) {
            const legacy = service.legacy;
            if (!legacy.enabled || legacy.mode !== "create") {
                continue;
            }
            it(`${stack} ${service.name}: its user data starts a unit that answers ${service.healthCheckPath} on port ${service.port}`, () => {
                assert.ok(legacy.userData !== undefined, "created Droplets need user data that starts the service");
                assert.ok(legacy.userData.startsWith("#cloud-config\n"));
                const cloud = parse(legacy.userData) as CloudConfig;
                const files = new Map((cloud.write_files ?? []).map((f) => [f.path, f.content]));
                const commands = (cloud.runcmd ?? []).map((c) => (Array.isArray(c) ? c.join(" ") : c));
                const enabled = commands.flatMap((c) => /^systemctl enable (?:--now )?(\S+\.service)$/.exec(c)?.slice(1) ?? []);
                assert.deepStrictEqual(enabled, [`${service.name}.service`]);
                const unit = files.get(`/etc/systemd/system/${enabled[0]}`);
                assert.ok(unit !== undefined, `${enabled[0]} is defined in write_files`);
                assert.ok(commands.indexOf("systemctl daemon-reload") < commands.findIndex((c) => c.startsWith("systemctl enable")), "units are reloaded before enabling");
                const workdir = /^WorkingDirectory=(\S+)$/m.exec(unit)?.[1];
                const port = /^ExecStart=.* (\d+) --bind 0\.0\.0\.0$/m.exec(unit)?.[1];
                assert.strictEqual(Number(port), service.port, "serves the service port");
                assert.ok(files.has(`${workdir}${service.healthCheckPath}`), `serves ${service.healthCheckPath} from ${workdir}`);
            });
        }
    }
});
