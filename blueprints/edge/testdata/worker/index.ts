// A stand-in Worker for the blueprint tests.
export default {
  async fetch(): Promise<Response> {
    return new Response("ok");
  },
};
