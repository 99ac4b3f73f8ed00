// Before each test file loads: the variables the global setup prepared (database, storage, cache).
import { inject } from "vitest";

Object.assign(process.env, inject("testEnv"));
