import { CODES } from "./constants";

/** Thrown by the generators on invalid input; `field` names the offending input. */
export class UserSigInputError extends Error {
  readonly code = CODES.invalidParameters;

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "UserSigInputError";
  }
}
