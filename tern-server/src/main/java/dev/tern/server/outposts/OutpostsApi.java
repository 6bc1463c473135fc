package dev.tern.server.outposts;

import dev.tern.outposts.OutpostService;
import dev.tern.server.pipeline.Operation;
import dev.tern.server.pipeline.Service;
import java.util.List;
import software.amazon.awssdk.services.outposts.model.GetOutpostRequest;
import software.amazon.awssdk.services.outposts.model.ListOutpostsRequest;

/** The Outposts API (REST-JSON) Tern serves: ListOutposts and GetOutpost, the two a copy to an Outpost needs. */
public final class OutpostsApi {
    private OutpostsApi() {}

    public static List<Operation> operations(OutpostService s) {
        return List.of(
                Operation.<ListOutpostsRequest>of(Service.OUTPOSTS, "ListOutposts", ListOutpostsRequest::builder,
                        s::listOutposts).route("GET", "/outposts", 200).build(),
                Operation.<GetOutpostRequest>of(Service.OUTPOSTS, "GetOutpost", GetOutpostRequest::builder,
                        s::getOutpost).route("GET", "/outposts/{OutpostId}", 200).build());
    }
}
