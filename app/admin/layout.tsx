import { forbidden } from "next/navigation";
import { currentUser } from "../_lib/page-auth";

// Signed-in non-admins are refused here, above the pages' loading boundary, so the reply is a real
// HTTP 403 (app/forbidden.tsx); once streaming has started a page can no longer change the status.
// Visitors reach the pages, which send them to sign in and back.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (user && user.role !== "admin") forbidden();
  return children;
}
