import * as assert from "assert";
import { parseTaskCpu, parseTaskMemory } from "../../policies/lib/fargate-sizes";
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

    describe("sizing-fargate-task-size: sizes as ECS reads them, and awsx components", () => {
        const POLICY = "sizing-fargate-task-size";
        const CPU_FORMS = 'write cpu in cpu units ("1024") or vCPUs ("1 vCPU", "0.25 vcpu")';
        it("passes vCPU and GB strings and plain numbers", async () => {
            for (const [cpu, memory] of [["1 vCPU", "2 GB"], ["0.25 vcpu", "0.5GB"], [512, 1024], ["2vCPU", "4096"]]) {
                assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu, memory }, []))).filter((r) => r.policy === POLICY), [], `${cpu}/${memory}`);
            }
        });
        it("reports a known size it cannot read, never skipping it, and invalid pairs written in vCPUs", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu: "two", memory: "512 MiB" }, []))).filter((r) => r.policy === POLICY).map((r) => r.text), [
                `web-task: cpu "two" is not a size ECS reads; ${CPU_FORMS}.`,
                'web-task: memory "512 MiB" is not a size ECS reads; write memory in MiB ("2048") or GB ("2 GB", "0.5GB").',
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu: "3 vCPU", memory: "6 GB" }, []))).filter((r) => r.policy === POLICY).map((r) => r.text), [
                'web-task: cpu "3 vCPU" (3072) is not a Fargate cpu size; allowed 256, 512, 1024, 2048, 4096, 8192, 16384; use a valid Fargate cpu/memory pair.',
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu: "1 vCPU", memory: "1 GB" }, []))).filter((r) => r.policy === POLICY).map((r) => r.text), [
                'web-task: memory "1 GB" (1024) is not valid for cpu 1024; allowed 2048-8192 in steps of 1024; use a valid Fargate cpu/memory pair.',
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu: "1.3 vCPU", ephemeralStorage: { sizeInGib: "lots" } }, []))).filter((r) => r.policy === POLICY).map((r) => r.text), [
                `web-task: cpu "1.3 vCPU" is 1331.2 cpu units, not a whole number; ${CPU_FORMS}.`,
                'web-task: ephemeralStorage.sizeInGib "lots" is not a number; write a whole number of GiB.',
            ]);
        });
        it("checks awsx FargateTaskDefinition and FargateService task sizes (awsx computes them when absent)", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(res("awsx:ecs:FargateTaskDefinition", "worker", { cpu: "512", memory: "1 GB", container: { name: "worker", image: "w:1" } }))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(res("awsx:ecs:FargateTaskDefinition", "worker", { container: { name: "worker", image: "w:1", cpu: 256, memory: 512 } }))), []);
            assert.deepStrictEqual(reported(await analyzer().analyze(res("awsx:ecs:FargateService", "api", {
                networkConfiguration: { subnets: ["subnet-a"], assignPublicIp: false },
                taskDefinitionArgs: { cpu: "256", memory: "4 GB", container: { name: "api", image: "api:1" } },
            }))).filter((r) => r.policy === POLICY).map((r) => r.text), [
                'api: taskDefinitionArgs.memory "4 GB" (4096) is not valid for cpu 256; allowed 512, 1024, 2048; use a valid Fargate cpu/memory pair.',
            ]);
        });
        it("does not run into unknowns at preview", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(res("awsx:ecs:FargateTaskDefinition", "worker", { cpu: UNKNOWN, memory: "1 GB", container: UNKNOWN }))), []);
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

    describe("sizing-container-reservations: values ECS cannot read, and awsx containers", () => {
        it("reports a container size that is not a number, and awsx containers that do not fit", async () => {
            assert.deepStrictEqual(reported(await analyzer().analyze(task({ cpu: "256", memory: "512" }, [{ name: "app", cpu: "a quarter", memoryReservation: 256 }]))).map((r) => `${r.policy}|${r.text}`), [
                'sizing-container-reservations|web-task: container app cpu "a quarter" is not a number; ECS reads container cpu as a whole number of cpu units.',
            ]);
            assert.deepStrictEqual(reported(await analyzer().analyze(res("awsx:ecs:FargateTaskDefinition", "worker", { cpu: "0.25 vCPU", memory: "0.5 GB", containers: {
                worker: { image: "w:1", cpu: 256, memory: 1024 },
            } }))).map((r) => `${r.policy}|${r.text}`), [
                "sizing-container-reservations|worker: container worker memory 1024 MiB is above the task's 512 MiB; lower the container's memory or raise the task size.",
                "sizing-container-reservations|worker: containers reserve 1024 MiB in total, above the task's 512 MiB; lower memoryReservation/memory or raise the task memory.",
            ]);
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

    describe("sizing-stack-ceilings: sizes as ECS reads them, and awsx services", () => {
        it("compares vCPU and GB strings, reports a size it cannot read, and checks awsx desiredCount", async () => {
            await analyzer().configure({ "sizing-stack-ceilings": { maxTaskCpu: 1024, maxTaskMemoryMiB: 2048, maxDesiredCount: 3 } });
            const texts: string[] = [];
            for (const r of [
                task({ cpu: "4 vCPU", memory: "8 GB" }, []),
                task({ cpu: "two", memory: "2 GB" }, []),
                res("awsx:ecs:FargateService", "api", { desiredCount: 5, networkConfiguration: { subnets: ["subnet-a"] }, taskDefinitionArgs: { cpu: "1 vCPU", memory: "2 GB", container: { name: "api", image: "a:1" } } }),
            ]) {
                texts.push(...reported(await analyzer().analyze(r)).filter((d) => d.policy === "sizing-stack-ceilings").map((d) => d.text));
            }
            assert.deepStrictEqual(texts, [
                "web-task: cpu \"4 vCPU\" (4096) is above this stack's ceiling 1024; lower it, or raise maxTaskCpu in policies/config/<stack>.json after review.",
                "web-task: memory \"8 GB\" (8192) is above this stack's ceiling 2048; lower it, or raise maxTaskMemoryMiB in policies/config/<stack>.json after review.",
                'web-task: cpu cannot be held to this stack\'s ceiling 1024: "two" is not a size ECS reads; write cpu in cpu units ("1024") or vCPUs ("1 vCPU", "0.25 vcpu").',
                "api: desiredCount 5 is above this stack's ceiling 3; lower it, or raise maxDesiredCount in policies/config/<stack>.json after review.",
            ]);
        });
    });

    describe("sizing-droplet-size-allowlist", () => {
        const droplet = (size: unknown) => res("digitalocean:index/droplet:Droplet", "web-1", { size, image: "ubuntu-24-04-x64", region: "nyc3", vpcUuid: "vpc-1" });
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

describe("policies lib: task sizes as ECS reads them", () => {
    it("reads units, vCPUs, MiB and GB, and names what it cannot read", () => {
        assert.deepStrictEqual(["1024", 512, "1 vCPU", "0.25 vcpu", "2vCPU", "1.3 vCPU", "two", "1024 units", undefined].map(parseTaskCpu), [
            { value: 1024 }, { value: 512 }, { value: 1024 }, { value: 256 }, { value: 2048 },
            { problem: '"1.3 vCPU" is 1331.2 cpu units, not a whole number; write cpu in cpu units ("1024") or vCPUs ("1 vCPU", "0.25 vcpu")' },
            { problem: '"two" is not a size ECS reads; write cpu in cpu units ("1024") or vCPUs ("1 vCPU", "0.25 vcpu")' },
            { problem: '"1024 units" is not a size ECS reads; write cpu in cpu units ("1024") or vCPUs ("1 vCPU", "0.25 vcpu")' },
            undefined,
        ]);
        assert.deepStrictEqual(["2048", "2 GB", "0.5GB", "4 gb", "512 MiB"].map(parseTaskMemory), [
            { value: 2048 }, { value: 2048 }, { value: 512 }, { value: 4096 },
            { problem: '"512 MiB" is not a size ECS reads; write memory in MiB ("2048") or GB ("2 GB", "0.5GB")' },
        ]);
    });
});
