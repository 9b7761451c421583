import * as assert from "assert";
import { FARGATE_CPU_VALUES, FARGATE_TASK_SIZES, fargateCpuProblem, fargateMemoryProblem } from "../policies/lib/fargate-sizes";

describe("Fargate task size table", () => {
    it("lists the seven Linux cpu sizes from 0.25 to 16 vCPU", () => {
        assert.deepStrictEqual(FARGATE_CPU_VALUES, [256, 512, 1024, 2048, 4096, 8192, 16384]);
    });

    const table: [number, number, number, number][] = [
        // cpu, first memory, last memory, how many sizes (aws.md)
        [256, 512, 2048, 3],
        [512, 1024, 4096, 4],
        [1024, 2048, 8192, 7],
        [2048, 4096, 16384, 13],
        [4096, 8192, 30720, 23],
        [8192, 16384, 61440, 12],
        [16384, 32768, 122880, 12],
    ];
    for (const [cpu, first, last, count] of table) {
        it(`cpu ${cpu}: memory ${first} to ${last}, ${count} sizes`, () => {
            const size = FARGATE_TASK_SIZES.find((s) => s.cpu === cpu)!;
            assert.strictEqual(size.memory[0], first);
            assert.strictEqual(size.memory[size.memory.length - 1], last);
            assert.strictEqual(size.memory.length, count);
        });
    }

    it("explains an invalid pair with the allowed range", () => {
        assert.strictEqual(fargateMemoryProblem(512, 3000), "is not valid for cpu 512; allowed 1024-4096 in steps of 1024");
        assert.strictEqual(fargateMemoryProblem(256, 4096), "is not valid for cpu 256; allowed 512, 1024, 2048");
        assert.strictEqual(fargateMemoryProblem(8192, 18432), "is not valid for cpu 8192; allowed 16384-61440 in steps of 4096");
        assert.strictEqual(fargateMemoryProblem(300, 1024), "is not a Fargate cpu size; allowed 256, 512, 1024, 2048, 4096, 8192, 16384");
        assert.strictEqual(fargateCpuProblem(300), "is not a Fargate cpu size; allowed 256, 512, 1024, 2048, 4096, 8192, 16384");
    });

    it("accepts every listed pair", () => {
        for (const size of FARGATE_TASK_SIZES) {
            for (const memory of size.memory) {
                assert.strictEqual(fargateMemoryProblem(size.cpu, memory), undefined, `${size.cpu}/${memory}`);
            }
        }
    });
});
