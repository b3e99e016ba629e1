// The signed-in admin, provided by AdminApp to the console's pages.
import { createContext, useContext } from "react";
import type { AdminMe } from "./adminApi";

export interface AdminSession {
  me: AdminMe | null;
  signedIn: (me: AdminMe) => void;
}
export const AdminSessionContext = createContext<AdminSession | null>(null);

export function useAdminSession(): AdminSession {
  const s = useContext(AdminSessionContext);
  if (!s) throw new Error("useAdminSession outside AdminApp");
  return s;
}
