package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.coophive.common.ids.ContentIds;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What a resource provider reports after running a deal's job.
 *
 * <p>{@code data_id} is the reference's {@code results_id}, renamed: the reference's Go field was
 * already {@code DataID} and the value is the id of the output data, not of this result, which
 * the old name suggested. The result's own id is {@code id}.
 *
 * @param id content id of this result with {@code id} emptied; goes on chain as {@code resultsId}
 * @param dealId id of the deal
 * @param dataId content id of the deterministic tar of the job's outputs; goes on chain as
 *     {@code dataId}; a mediator's re-run must produce the same
 * @param error why the job failed, {@code ""} if it did not
 * @param instructionCount instructions the job used, what the job creator pays for; 0 on failure
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Result(String id, String dealId, String dataId, String error, @ZeroWhenAbsent long instructionCount) {

    public Result {
        id = Components.text(id);
        dealId = Components.text(dealId);
        dataId = Components.text(dataId);
        error = Components.text(error);
    }

    /** This result with another id. */
    public Result withId(String id) {
        return new Result(id, dealId, dataId, error, instructionCount);
    }

    /**
     * The result id on chain ({@code bytes32 resultsId}): the digest inside {@link #id()}.
     *
     * @throws org.coophive.common.ids.InvalidContentIdException if the id is empty or malformed
     */
    public byte[] onChainId() {
        return ContentIds.digest(id);
    }

    /**
     * The data id on chain ({@code bytes32 dataId}): the digest inside {@link #dataId()}.
     *
     * @throws org.coophive.common.ids.InvalidContentIdException if the data id is empty or
     *     malformed
     */
    public byte[] onChainDataId() {
        return ContentIds.digest(dataId);
    }
}
