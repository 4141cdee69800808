package dev.gni.kube;

/** One kind of API call, named by its RBAC verb and resource so that a 403 can say what to grant. */
public enum ApiAction {
  GET_NODE("get", "nodes"),
  PATCH_NODE("patch", "nodes"),
  CREATE_EVENT("create", "events"),
  DELETE_POD("delete", "pods");

  private final String verb;
  private final String resource;

  ApiAction(String verb, String resource) {
    this.verb = verb;
    this.resource = resource;
  }

  public String verb() {
    return verb;
  }

  public String resource() {
    return resource;
  }
}
