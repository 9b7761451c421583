// `npm run docs`: writes the generated references under docs/ (see index.ts).
import * as fs from "fs";
import * as path from "path";
import { renderDocs } from "./index";

const root = path.resolve(__dirname, "..", "..");
for (const [file, text] of renderDocs(root)) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const before = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
    if (before !== text) {
        fs.writeFileSync(target, text);
    }
    console.log(`${file}: ${before === text ? "unchanged" : "written"} (${Buffer.byteLength(text, "utf8")} bytes)`);
}
