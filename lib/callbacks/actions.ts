// The actions and reasons of Tencent's State.StateChange callback
// (lib/callbacks/state-change.ts). Shared with client components: no imports.

export const CALLBACK_ACTIONS = ["Login", "Logout", "Disconnect"] as const;
export type CallbackAction = (typeof CALLBACK_ACTIONS)[number];

export const CALLBACK_REASONS = ["Register", "Unregister", "LinkClose", "TimeOut"] as const;
export type CallbackReason = (typeof CALLBACK_REASONS)[number];

/** The action each reason belongs to. */
export const ACTION_OF: Record<CallbackReason, CallbackAction> = {
  Register: "Login",
  Unregister: "Logout",
  LinkClose: "Disconnect",
  TimeOut: "Disconnect",
};
