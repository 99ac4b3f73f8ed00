import NextAuth from "next-auth";
import { authOptions } from "@/_shared/lib/auth";

// GET|POST /api/auth/* - Auth.js (sign-in, callbacks, sign-out, session)
const handler = NextAuth(authOptions());
export { handler as GET, handler as POST };
