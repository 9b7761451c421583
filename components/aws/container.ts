// The container definition of a service's task, as a pure function of plain
// values (image, ARNs, names): never of secret values, which reach the
// container only through `secrets[].valueFrom`.

/** Container `stopTimeout`, seconds: enough to drain in-flight requests, below Fargate's 120 (aws.md). */
export const STOP_TIMEOUT_SECONDS = 30;

export interface ContainerSecretRef {
    /** Environment variable name in the container. */
    readonly name: string;
    /** Secrets Manager secret ARN or SSM parameter ARN. */
    readonly valueFrom: string;
}

export interface ContainerInput {
    /** Container name (the service name; the ECS service's load balancer entry names it). */
    readonly name: string;
    readonly image: string;
    readonly port: number;
    readonly healthCheckPath: string;
    readonly environment: Readonly<Record<string, string>>;
    readonly secrets: readonly ContainerSecretRef[];
    readonly logGroupName: string;
    readonly region: string;
    /** awslogs stream prefix: streams read `<prefix>/<container>/<task id>`. */
    readonly logStreamPrefix: string;
}

/**
 * The container health check command. The URL is single-quoted for the shell
 * (the config only allows paths without quotes); the image must ship curl.
 */
export function healthCheckCommand(port: number, path: string): string[] {
    if (path.includes("'")) {
        throw new RangeError(`healthCheckPath: ${JSON.stringify(path)} must not contain a single quote`);
    }
    return ["CMD-SHELL", `curl -fsS --max-time 4 'http://localhost:${port}${path}' > /dev/null || exit 1`];
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * What every container of the program has, in this key order: its plain
 * variables and its secrets, sorted so the JSON (and so the task definition)
 * only changes when a value does, and its awslogs configuration.
 */
function environmentSecretsAndLogs(input: {
    readonly environment: Readonly<Record<string, string>>;
    readonly secrets: readonly ContainerSecretRef[];
    readonly logGroupName: string;
    readonly region: string;
    readonly logStreamPrefix: string;
}): Record<string, unknown> {
    return {
        environment: Object.entries(input.environment).map(([name, value]) => ({ name, value })).sort(byName),
        secrets: input.secrets.map((s) => ({ name: s.name, valueFrom: s.valueFrom })).sort(byName),
        logConfiguration: {
            logDriver: "awslogs",
            options: {
                "awslogs-group": input.logGroupName,
                "awslogs-region": input.region,
                "awslogs-stream-prefix": input.logStreamPrefix,
            },
        },
    };
}

/** The one container of a service's task definition. */
export function containerDefinition(input: ContainerInput): Record<string, unknown> {
    return {
        name: input.name,
        image: input.image,
        essential: true,
        portMappings: [{ containerPort: input.port, hostPort: input.port, protocol: "tcp" }],
        ...environmentSecretsAndLogs(input),
        healthCheck: {
            command: healthCheckCommand(input.port, input.healthCheckPath),
            interval: 15,
            timeout: 5,
            retries: 3,
            startPeriod: 30,
        },
        stopTimeout: STOP_TIMEOUT_SECONDS,
        readonlyRootFilesystem: false,
        // An init process reaps zombies and forwards signals; ECS Exec sessions rely on it too.
        linuxParameters: { initProcessEnabled: true },
    };
}

/** A health check that is a command: run directly (CMD) or by the image's shell (CMD-SHELL). */
export interface CommandHealthCheck {
    readonly command?: readonly string[];
    readonly shell?: string;
    readonly interval: number;
    readonly timeout: number;
    readonly retries: number;
    readonly startPeriod: number;
}

export interface ProcessContainerInput {
    /** Container name (the workload's name). */
    readonly name: string;
    readonly image: string;
    readonly entryPoint?: readonly string[];
    readonly command?: readonly string[];
    readonly environment: Readonly<Record<string, string>>;
    readonly secrets: readonly ContainerSecretRef[];
    readonly logGroupName: string;
    readonly region: string;
    readonly logStreamPrefix: string;
    /** Seconds between SIGTERM and SIGKILL (at most 120 on Fargate). */
    readonly stopTimeout: number;
    /** None for a job or a release task: they end by themselves. */
    readonly healthCheck?: CommandHealthCheck;
}

/**
 * The one container of a worker's, a job's or a release task's task
 * definition: no port (nothing connects to it), the image's entry point or
 * command replaced when config says (a process type of one image), and a
 * health check only when it is a command.
 */
export function processContainerDefinition(input: ProcessContainerInput): Record<string, unknown> {
    const check = input.healthCheck;
    return {
        name: input.name,
        image: input.image,
        essential: true,
        ...(input.entryPoint === undefined ? {} : { entryPoint: [...input.entryPoint] }),
        ...(input.command === undefined ? {} : { command: [...input.command] }),
        ...environmentSecretsAndLogs(input),
        ...(check === undefined ? {} : {
            healthCheck: {
                command: check.command !== undefined ? ["CMD", ...check.command] : ["CMD-SHELL", check.shell as string],
                interval: check.interval,
                timeout: check.timeout,
                retries: check.retries,
                startPeriod: check.startPeriod,
            },
        }),
        stopTimeout: input.stopTimeout,
        readonlyRootFilesystem: false,
        linuxParameters: { initProcessEnabled: true },
    };
}
