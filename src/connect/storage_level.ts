/**
 * Storage levels for `df.persist(...)`, with PySpark's names.
 *
 * @module
 */

/** Where and how cached data is kept, as Spark's `StorageLevel`. */
export interface StorageLevel {
  /** Spill to the executors' disks. */
  readonly useDisk: boolean;
  /** Keep in the executors' memory. */
  readonly useMemory: boolean;
  /** Keep in off-heap memory. */
  readonly useOffHeap: boolean;
  /** Keep as JVM objects rather than serialized bytes. */
  readonly deserialized: boolean;
  /** On how many executors each block is kept. */
  readonly replication: number;
}

const level = (
  useDisk: boolean,
  useMemory: boolean,
  useOffHeap: boolean,
  deserialized: boolean,
  replication = 1,
): StorageLevel => Object.freeze({ useDisk, useMemory, useOffHeap, deserialized, replication });

/** The names of PySpark's predefined storage levels. */
export type StorageLevelName =
  | "NONE"
  | "DISK_ONLY"
  | "DISK_ONLY_2"
  | "DISK_ONLY_3"
  | "MEMORY_ONLY"
  | "MEMORY_ONLY_2"
  | "MEMORY_AND_DISK"
  | "MEMORY_AND_DISK_2"
  | "OFF_HEAP"
  | "MEMORY_AND_DISK_DESER";

/**
 * PySpark's predefined storage levels (`MEMORY_AND_DISK_DESER` is what `cache()` uses).
 *
 * @example
 * await df.persist(StorageLevels.DISK_ONLY);
 */
export const StorageLevels: Readonly<Record<StorageLevelName, StorageLevel>> = Object.freeze({
  NONE: level(false, false, false, false),
  DISK_ONLY: level(true, false, false, false),
  DISK_ONLY_2: level(true, false, false, false, 2),
  DISK_ONLY_3: level(true, false, false, false, 3),
  MEMORY_ONLY: level(false, true, false, false),
  MEMORY_ONLY_2: level(false, true, false, false, 2),
  MEMORY_AND_DISK: level(true, true, false, false),
  MEMORY_AND_DISK_2: level(true, true, false, false, 2),
  OFF_HEAP: level(true, true, true, false),
  MEMORY_AND_DISK_DESER: level(true, true, false, true),
});
