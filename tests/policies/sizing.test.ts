import * as assert from "assert";
import { reported, res, sharedAnalyzer, UNKNOWN, urnOf } from "./helpers";

const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const TARGET = "aws:appautoscaling/target:Target";

function task(props: Record<string, unknown>, containers: unknown = [{ name: "app", image: "web:1", cpu: 256, memoryReservation: 512 }]) {
    return res(TASK, "web-task", {
        family: "web", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512",
        containerDefinitions: containers === UNKNOWN ? UNKNOWN : JSON.stringify(containers), ...props,
    });
}

describe("policies: sizing", function () {
    const analyzer = sharedAnalyzer();

    describe("sizing-fargate-task-size", () => {
        it("passes valid pairs across the table", async () => {
            await analyzer().configure({ "sizing-stack-ceilings": { maxTaskCpu: 16384, maxTaskMemoryMiB: 122880 } });
            for (const [cpu, memory] of [["256", "512"], ["1024", "8192"], ["8192", "20480"], ["16384", "122880"]]) {
                assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu, memory }, []))), [], `${cpu}/${memory}`);
            }
        });
        it("reports an invalid pair, an invalid cpu and too much ephemeral storage", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu: "256", memory: "4096" }, []))), [{
                policy: "sizing-fargate-task-size", level: "advisory",
                text: "web-task: memory 4096 is not valid for cpu 256; allowed 512, 1024, 2048; use a valid Fargate cpu/memory pair.",
            }]);
            assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu: "300", memory: "1024" }, []))).map((r) => r.text), [
                "web-task: cpu 300 is not a Fargate cpu size; allowed 256, 512, 1024, 2048, 4096, 8192, 16384; use a valid Fargate cpu/memory pair.",
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyze(task({ ephemeralStorage: { sizeInGib: 201 } }))).map((r) => r.text), [
                "web-task: ephemeralStorage.sizeInGib 201 is above 200; use at most 200 GiB, or EFS for larger data.",
            ]);
        });
        it("follows maxEphemeralStorageGiB", async () => {
            const big = task({ ephemeralStorage: { sizeInGib: 100 } });
            assert.deepStrictEqual(reported(await analyzer().analyze(big)), []);
            await analyzer().configure({ "sizing-fargate-task-size": { maxEphemeralStorageGiB: 50 } });
            assert.deepStrictEqual(reported(await analyzer().analyze(big)).map((r) => r.text), ["web-task: ephemeralStorage.sizeInGib 100 is above 50; use at most 50 GiB, or EFS for larger data."]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu: UNKNOWN, memory: UNKNOWN, ephemeralStorage: UNKNOWN }, UNKNOWN))), []);
        });
    });

    describe("sizing-container-reservations", () => {
        it("passes containers that fit the task", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu: "512", memory: "1024" }, [
                { name: "app", cpu: 384, memory: 768 }, { name: "sidecar", cpu: 128, memoryReservation: 256 },
            ]))), []);
        });
        it("reports containers that reserve more than the task has", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu: "256", memory: "512" }, [
                { name: "app", cpu: 256, memory: 1024 }, { name: "sidecar", cpu: 128, memoryReservation: 128 },
            ]))).map((r) => `${r.policy}|${r.text}`), [
                "sizing-container-reservations|web-task: container app memory 1024 MiB is above the task's 512 MiB; lower the container's memory or raise the task size.",
                "sizing-container-reservations|web-task: containers reserve 384 cpu units in total, above the task's 256; lower the containers' cpu or raise the task cpu.",
                "sizing-container-reservations|web-task: containers reserve 1152 MiB in total, above the task's 512 MiB; lower memoryReservation/memory or raise the task memory.",
            ]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task({}, UNKNOWN))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu: UNKNOWN, memory: UNKNOWN }, [{ name: "app", cpu: 4096, memory: 9999 }]))), []);
        });
    });

    describe("sizing-stack-ceilings", () => {
        const service = (desiredCount: unknown) => res("aws:ecs/service:Service", "web", { desiredCount });
        const target = (maxCapacity: unknown) => res(TARGET, "web-scaling", { maxCapacity, minCapacity: 1, resourceId: "service/c/web", serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount" });
        it("passes values within the ceilings", async () => {
            await analyzer().configure({ "sizing-stack-ceilings": { maxTaskCpu: 1024, maxTaskMemoryMiB: 2048, maxDesiredCount: 4, maxAutoscalingCapacity: 8 } });
            for (const r of [task({ cpu: "1024", memory: "2048" }, []), service(4), target(8)]) {
                assert.deepStrictEqual(reported(await analyzer().analyze(r)), []);
            }
        });
        it("reports values over the ceilings, and a threshold change flips it", async () => {
            await analyzer().configure({ "sizing-stack-ceilings": { maxTaskCpu: 512, maxTaskMemoryMiB: 1024, maxDesiredCount: 3, maxAutoscalingCapacity: 6 } });
            const texts: string[] = [];
            for (const r of [task({ cpu: "1024", memory: "2048" }, []), service(4), target(8)]) {
                texts.push(...reported(await analyzer().analyze(r)).map((d) => d.text));
            }
            assert.deepStrictEqual(texts, [
                "web-task: cpu 1024 is above this stack's ceiling 512; lower it, or raise maxTaskCpu in policies/config/<stack>.json after review.",
                "web-task: memory 2048 is above this stack's ceiling 1024; lower it, or raise maxTaskMemoryMiB in policies/config/<stack>.json after review.",
                "web: desiredCount 4 is above this stack's ceiling 3; lower it, or raise maxDesiredCount in policies/config/<stack>.json after review.",
                "web-scaling: maxCapacity 8 is above this stack's ceiling 6; lower it, or raise maxAutoscalingCapacity in policies/config/<stack>.json after review.",
            ]);
        });
        it("does not run into unknowns at preview", async () => {
            await analyzer().configure({ "sizing-stack-ceilings": { maxDesiredCount: 1, maxAutoscalingCapacity: 1 } });
            assert.deepStrictEqual(reported(await analyzer().analyze(service(UNKNOWN))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(target(UNKNOWN))), []);
        });
    });

    describe("sizing-droplet-size-allowlist", () => {
        const droplet = (size: unknown) => res("digitalocean:index/droplet:Droplet", "web-1", { size, image: "ubuntu-24-04-x64", region: "nyc3" });
        it("passes an allowed size and reports another", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet("s-1vcpu-2gb"))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet("c-32"))).map((r) => r.text), [
                "web-1: size c-32 is not allowed in this stack; use one of s-1vcpu-1gb, s-1vcpu-2gb, s-2vcpu-2gb, s-2vcpu-4gb, s-4vcpu-8gb.",
            ]);
        });
        it("follows allowedSizes", async () => {
            await analyzer().configure({ "sizing-droplet-size-allowlist": { allowedSizes: ["c-32"] } });
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet("c-32"))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet("s-1vcpu-2gb"))).map((r) => r.text), ["web-1: size s-1vcpu-2gb is not allowed in this stack; use one of c-32."]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(droplet(UNKNOWN))), []);
        });
    });

    describe("sizing-subnet-address-room", () => {
        const network = (cidrs: unknown) => res("migration:aws:Network", "net", { privateSubnetIds: ["subnet-a", "subnet-b"], privateSubnetCidrs: cidrs });
        const target = (name: string, maxCapacity: number) => res(TARGET, `${name}-scaling`, { maxCapacity, resourceId: `service/c/${name}`, serviceNamespace: "ecs" });
        it("passes when the subnets hold every task at the maximum times the surge", async () => {
            // two /27: 2 x (32 - 5) = 54 addresses; (12 + 15) x 2 = 54.
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([network(["10.0.0.0/27", "10.0.0.32/27"]), target("web", 12), target("api", 15)])), []);
        });
        it("reports subnets that are too small", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([network(["10.0.0.0/27", "10.0.0.32/27"]), target("web", 12), target("api", 16)])), [{
                policy: "sizing-subnet-address-room", level: "advisory", urn: urnOf("migration:aws:Network", "net"),
                text: "net: private subnets 10.0.0.0/27, 10.0.0.32/27 have 54 usable addresses, but the services' autoscaling maximums (web 12, api 16) x 2 need 56; use larger private subnets or lower maxCapacity.",
            }]);
        });
        it("follows surgeFactor", async () => {
            const stack = [network(["10.0.0.0/27", "10.0.0.32/27"]), target("web", 12), target("api", 16)];
            await analyzer().configure({ "sizing-subnet-address-room": { surgeFactor: 1.5 } });
            assert.deepStrictEqual(reported(await analyzer().analyzeStack(stack)), []);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([network(UNKNOWN), target("web", 500)])), []);
            assert.deepStrictEqual(reported(await analyzer().analyzeStack([network([UNKNOWN, "10.0.0.0/28"]), target("web", 500)])), []);
        });
    });
});
