// `prisma db seed`: the base tag categories and tags (idempotent).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../_shared/generated/prisma/client";
import { pgPoolConfig } from "../_shared/lib/database-url";
import { seedBaseTags } from "./seed-data";

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run `npm run dev` once, or set it in .env");
  const prisma = new PrismaClient({ adapter: new PrismaPg(pgPoolConfig(url)) });
  try {
    const added = await seedBaseTags(prisma);
    console.log(`seed: ${added.categories} tag categories and ${added.tags} tags added (existing ones kept)`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
