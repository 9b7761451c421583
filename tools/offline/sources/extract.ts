// Pulls out of the machine-readable sources exactly the shapes the provider
// rules cite, into the data files the tests read (CI has neither botocore nor
// the network):
//
//   node -r ./tools/ts-register.js tools/offline/sources/extract.ts \
//     [--botocore <botocore package dir>] [--do-openapi <git dir of digitalocean/openapi> --do-commit <sha>]
//
// --botocore defaults to the botocore that `python3 -c "import botocore"`
// finds (1.43.11 on this project's machines; Debian bookworm's
// python3-botocore is 1.29.27 (2022), older than the APIs pulumi-aws 7.48.0
// calls; see docs/provider-rules.md).
// Each run rewrites the data files of the sources it is given; the test
// fails when a rule cites a member the files lack.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { parse } from "yaml";
import { PROVIDER_RULES } from "../provider-rules";
import type { ApiShape, OpenApiProperty } from "./constraints";

const HERE = __dirname;
export const BOTOCORE_FILE = path.join(HERE, "botocore-constraints.json");
export const DO_OPENAPI_FILE = path.join(HERE, "do-openapi-constraints.json");

type Json = Record<string, any>;

function option(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

function stripHtml(text: string | undefined): string | undefined {
    return text === undefined ? undefined : text.replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/\s+/g, " ").trim();
}

function botocoreModel(root: string, service: string): Json {
    const dir = path.join(root, "data", service);
    const version = fs.readdirSync(dir).sort().pop()!;
    const file = path.join(dir, version, "service-2.json");
    return JSON.parse(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString("utf8"));
}

/** "Operation.Member.Member" or "Shape.Member"; a trailing [] on a segment steps into the list's element. */
export function resolveMember(model: Json, member: string): { shape: string; documentation?: string } {
    const [head, ...rest] = member.split(".");
    let shape: string = model.operations[head]?.input?.shape ?? head;
    if (model.shapes[shape] === undefined) {
        throw new Error(`${member}: no operation or shape ${head}`);
    }
    let documentation: string | undefined;
    for (const raw of rest) {
        const list = raw.endsWith("[]");
        const name = list ? raw.slice(0, -2) : raw;
        let s = model.shapes[shape];
        if (s.type === "list") {
            shape = s.member.shape;
            s = model.shapes[shape];
        }
        const m = s.members?.[name];
        if (m === undefined) {
            throw new Error(`${member}: ${shape} has no member ${name}`);
        }
        shape = m.shape;
        documentation = m.documentation;
        if (list) {
            shape = model.shapes[shape].member.shape;
        }
    }
    return { shape, documentation };
}

function extractBotocore(root: string): void {
    const version = /__version__ = '([^']+)'/.exec(fs.readFileSync(path.join(root, "__init__.py"), "utf8"))![1];
    const wanted = new Map<string, boolean>();
    for (const rule of PROVIDER_RULES) {
        for (const ref of rule.sources ?? []) {
            if (ref.api !== undefined) {
                const key = `${ref.api.service} ${ref.api.member}`;
                wanted.set(key, (wanted.get(key) ?? false) || ref.recorded?.quote !== undefined);
            }
        }
    }
    const models = new Map<string, Json>();
    const members: Record<string, ApiShape> = {};
    for (const key of [...wanted.keys()].sort()) {
        const [service, member] = key.split(" ");
        if (!models.has(service)) models.set(service, botocoreModel(root, service));
        const model = models.get(service)!;
        const { shape, documentation } = resolveMember(model, member);
        const s = model.shapes[shape];
        members[key] = {
            shape, type: s.type,
            ...(s.min !== undefined ? { min: s.min } : {}),
            ...(s.max !== undefined ? { max: s.max } : {}),
            ...(s.pattern !== undefined ? { pattern: s.pattern } : {}),
            ...(s.enum !== undefined ? { enum: s.enum } : {}),
            ...(wanted.get(key) ? { documentation: stripHtml(documentation) ?? "" } : {}),
        };
    }
    const data = {
        source: `botocore ${version} (${root}/data/<service>/<newest version>/service-2.json)`,
        botocore: version,
        generatedBy: "tools/offline/sources/extract.ts",
        members,
    };
    fs.writeFileSync(BOTOCORE_FILE, `${JSON.stringify(data, null, 2)}\n`);
    console.log(`${path.relative(process.cwd(), BOTOCORE_FILE)}: ${Object.keys(members).length} members from botocore ${version}`);
}

function pointerGet(doc: unknown, pointer: string): unknown {
    return pointer.split("/").slice(1).reduce<unknown>((node, part) => (node as Json | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
}

function extractDoOpenApi(gitDir: string, commit: string): void {
    const properties: Record<string, OpenApiProperty> = {};
    const keys = new Set<string>();
    for (const rule of PROVIDER_RULES) {
        for (const ref of rule.sources ?? []) {
            if (ref.doApi !== undefined) keys.add(`${ref.doApi.file}#${ref.doApi.pointer}`);
        }
    }
    for (const key of [...keys].sort()) {
        const [file, pointer] = key.split("#");
        const text = execFileSync("git", ["--git-dir", gitDir, "show", `${commit}:specification/resources/${file}`], { encoding: "utf8" });
        const node = pointerGet(parse(text), pointer) as Json | undefined;
        if (node === undefined) {
            throw new Error(`${key}: not in digitalocean/openapi@${commit}`);
        }
        const pick = ["type", "minLength", "maxLength", "pattern", "enum", "minimum", "maximum", "minItems", "maxItems"];
        properties[key] = {
            ...Object.fromEntries(pick.filter((k) => node[k] !== undefined).map((k) => [k, node[k]])),
            ...(typeof node.description === "string" ? { description: node.description.replace(/\s+/g, " ").trim() } : {}),
        };
    }
    const data = {
        source: `digitalocean/openapi@${commit} specification/resources/<file>`,
        commit,
        generatedBy: "tools/offline/sources/extract.ts",
        properties,
    };
    fs.writeFileSync(DO_OPENAPI_FILE, `${JSON.stringify(data, null, 2)}\n`);
    console.log(`${path.relative(process.cwd(), DO_OPENAPI_FILE)}: ${Object.keys(properties).length} properties from digitalocean/openapi@${commit}`);
}

if (require.main === module) {
    const botocore = option("--botocore")
        ?? path.dirname(execFileSync("python3", ["-c", "import botocore; print(botocore.__file__)"], { encoding: "utf8" }).trim());
    extractBotocore(botocore);
    const doGit = option("--do-openapi");
    if (doGit !== undefined) {
        const commit = execFileSync("git", ["--git-dir", doGit, "rev-parse", option("--do-commit") ?? "HEAD"], { encoding: "utf8" }).trim();
        extractDoOpenApi(doGit, commit);
    }
}
