// A minimal module Worker the worker component's tests bundle.
import { greet } from "./greet";

export default {
  async fetch(request: Request): Promise<Response> {
    return new Response(greet(new URL(request.url).pathname));
  },
};
