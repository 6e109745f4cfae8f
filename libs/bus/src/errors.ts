/** An error a request handler means to send back to its caller, with the HTTP status that fits it. */
export class RpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export class RpcTimeoutError extends Error {
  constructor(readonly subject: string) {
    super(`no reply to ${subject} in time`);
    this.name = 'RpcTimeoutError';
  }
}

export class BusClosedError extends Error {
  constructor() {
    super('the bus is closed');
    this.name = 'BusClosedError';
  }
}

export class InvalidEventError extends Error {
  constructor(
    readonly type: string,
    detail: string,
  ) {
    super(`invalid ${type} event: ${detail}`);
    this.name = 'InvalidEventError';
  }
}

/** A page cursor that this bus did not hand out. */
export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not one this list handed out');
    this.name = 'InvalidCursorError';
  }
}
